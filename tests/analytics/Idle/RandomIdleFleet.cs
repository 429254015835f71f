using System.Text.Json;

namespace Platform.Insights.Analytics.Tests.Idle;

/// <summary>
/// A random fleet written into an <see cref="IdleStore"/> for the rollup equivalence property: every resource type the
/// rules know, several series per resource and per dimension (CPU per core, network in + out counters, containers),
/// missing hours, sub-hourly scrapes, late starts, silent sources, counter resets, NaN samples, with or without billing.
/// </summary>
internal sealed class RandomIdleFleet(IdleStore store, Random random)
{
    private static readonly string[] Types = ["vm", "k8s_workload", "database", "load_balancer", "volume"];

    private readonly DateTime _now = store.Time.GetUtcNow().UtcDateTime;

    private static DateTime Start => IdleStore.T0;

    private int TotalHours => (int)(_now - Start).TotalHours;

    public async Task WriteAsync(int resources)
    {
        for (var i = 0; i < resources; i++)
        {
            await ResourceAsync($"r-{i}", Types[random.Next(Types.Length)]);
        }
    }

    /// <summary>One resource: its series share a history (start, end, scrape step, how many scrapes are missing).</summary>
    public async Task ResourceAsync(string id, string type)
    {
        var history = new History(
            StartHour: random.Next(4) switch { 0 => random.Next(TotalHours), 1 => TotalHours - 31, _ => 0 },
            EndHour: random.Next(5) == 0 ? TotalHours - random.Next(1, 100) : TotalHours,
            StepMinutes: random.Next(4) switch { 0 => 15, 1 => 30, _ => 60 },
            Missing: random.Next(5) switch { 0 => 0.05, 1 => 0.15, 2 => 0.5, _ => 0.0 },
            Busy: random.Next(3) == 0);
        var labelKey = random.Next(3) == 0 ? "instance" : "resource_id";
        var labels = new Dictionary<string, string>
        {
            [labelKey] = id, ["resource_type"] = type, ["env"] = random.Next(2) == 0 ? "production" : "staging",
            ["team"] = random.Next(2) == 0 ? "shop" : "pay",
        };
        switch (type)
        {
            case "vm":
                for (var core = random.Next(1, 3); core > 0; core--)
                {
                    await GaugeAsync(history, labels, "resource_cpu_utilization_ratio", ("cpu", $"{core}"), history.Busy ? 0.3 : 0.02);
                }
                if (random.Next(2) == 0)
                {
                    await GaugeAsync(history, labels, "resource_network_bytes_per_second", null, history.Busy ? 1e5 : 40);
                }
                else
                {
                    await CounterAsync(history, labels, "node_network_receive_bytes_total", null, history.Busy ? 1e8 : 1e5);
                    await CounterAsync(history, labels, "node_network_transmit_bytes_total", null, history.Busy ? 1e8 : 1e5);
                }
                break;
            case "k8s_workload":
                for (var container = random.Next(1, 4); container > 0; container--)
                {
                    await CounterAsync(history, labels, "container_cpu_usage_seconds_total", ("name", $"c{container}"), history.Busy ? 600 : 2);
                    await GaugeAsync(history, labels, "container_memory_working_set_bytes", ("name", $"c{container}"), 2e8);
                    await GaugeAsync(history, labels, "kube_pod_container_resource_requests", ("resource", "cpu"), 0.5, constant: true);
                    await GaugeAsync(history, labels, "kube_pod_container_resource_requests", ("resource", "memory"), 5e8, constant: true);
                }
                await CounterAsync(history, labels, "container_network_receive_bytes_total", null, history.Busy ? 1e7 : 1e4);
                if (random.Next(3) == 0)
                {
                    await GaugeAsync(history, labels, "kube_pod_container_status_last_terminated_reason", ("reason", "OOMKilled"), 1, constant: true);
                }
                break;
            case "database":
                await GaugeAsync(history, labels, "resource_db_connections", null, history.Busy ? 20 : 0, whole: true);
                break;
            case "load_balancer":
                await CounterAsync(history, labels, "resource_lb_requests_total", null, history.Busy ? 5000 : 3);
                await GaugeAsync(history, labels, "resource_lb_healthy_targets", null, history.Busy ? 3 : 0, whole: true);
                break;
            default:
                var detachedAt = random.Next(history.StartHour, TotalHours + 1);
                await SeriesAsync(history, labels, "resource_attached", null, h => h < detachedAt ? 1 : 0);
                break;
        }
        if (random.Next(5) < 3)
        {
            await store.BillingAsync(id, random.Next(1, 5000) / 100m);
        }
    }

    private Task GaugeAsync(History history, Dictionary<string, string> labels, string metric, (string, string)? extra, double level, bool constant = false, bool whole = false) =>
        SeriesAsync(history, labels, metric, extra, _ =>
        {
            var value = constant ? level : level * random.NextDouble() * (random.Next(50) == 0 ? 5 : 1);
            return whole ? Math.Round(value) : Math.Round(value, 5);
        });

    /// <summary>A counter increasing by up to <paramref name="perHour"/> an hour (scaled to the step), now and then reset to a small value.</summary>
    private Task CounterAsync(History history, Dictionary<string, string> labels, string metric, (string, string)? extra, double perHour)
    {
        double total = random.Next(1000);
        return SeriesAsync(history, labels, metric, extra, _ =>
        {
            total = random.Next(200) == 0 ? random.Next(100) : total + Math.Round(perHour * history.StepMinutes / 60 * random.NextDouble());
            return total;
        });
    }

    private async Task SeriesAsync(History history, Dictionary<string, string> labels, string metric, (string Key, string Value)? extra, Func<double, double> value)
    {
        var all = new SortedDictionary<string, string>(labels, StringComparer.Ordinal);
        if (extra is { } e)
        {
            all[e.Key] = e.Value;
        }
        var samples = new List<(DateTime, double)>();
        for (var minute = history.StartHour * 60; minute < history.EndHour * 60; minute += history.StepMinutes)
        {
            if (random.NextDouble() >= history.Missing)
            {
                samples.Add((Start.AddMinutes(minute), random.Next(400) == 0 ? double.NaN : value(minute / 60.0)));
            }
        }
        await store.SeriesAsync("svc-" + all["team"], metric, JsonSerializer.Serialize(all), samples);
    }

    private sealed record History(int StartHour, int EndHour, int StepMinutes, double Missing, bool Busy);
}
