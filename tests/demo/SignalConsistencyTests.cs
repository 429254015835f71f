using System.Globalization;
using System.Text.Json;

namespace Platform.Insights.Demo.Tests;

[Collection(GeneratedOrganisationCollection.Name)]
public sealed class SignalConsistencyTests(GeneratedOrganisation org)
{
    [Fact]
    public void Incidents_in_the_logs_match_the_probe_failure_spans()
    {
        var spans = new HashSet<(string Service, long Start, long End)>();
        (string Service, long Start)? open = null;
        foreach (var sample in org.Samples("probe_success"))
        {
            var service = sample.Label("service")!;
            if (open is { } o && o.Service != service)
            {
                Assert.Fail($"an outage of {o.Service} runs to the end of the window");
            }
            if (open is { } down && sample.Value == 1)
            {
                spans.Add((down.Service, down.Start, sample.Timestamp));
                open = null;
            }
            else if (sample.Value == 0 && open is null)
            {
                open = (service, sample.Timestamp);
            }
        }
        Assert.Null(open);

        var logged = org.LogEvents
            .Select(x => x.Event)
            .Where(e => e.GetProperty("event").TryGetProperty("action", out var a) && a.GetString() == "incident")
            .Select(e => (
                e.GetProperty("service").GetProperty("name").GetString()!,
                Seconds(e.GetProperty("event").GetProperty("start")),
                Seconds(e.GetProperty("event").GetProperty("end"))))
            .ToHashSet();
        var manifest = org.Manifest.Incidents.Select(i => (i.Service, i.Start.ToUnixTimeSeconds(), i.End.ToUnixTimeSeconds())).ToHashSet();

        Assert.NotEmpty(spans);
        Assert.Equal(spans.Order(), logged.Order());
        Assert.Equal(spans.Order(), manifest.Order());
    }

    [Fact]
    public void Server_errors_rise_during_incidents()
    {
        var incidents = org.Manifest.Incidents.Where(i => (i.End - i.Start).TotalMinutes >= 10).ToList();
        Assert.NotEmpty(incidents);
        var errors = org.Samples("http_requests")
            .Where(s => s.Label("code") == "500")
            .GroupBy(s => s.Label("service")!)
            .ToDictionary(g => g.Key, g => g.ToList());
        foreach (var incident in incidents)
        {
            var series = errors[incident.Service];
            // Increase over the incident vs the same length one day earlier or later.
            var during = Increase(series, incident.Start.ToUnixTimeSeconds(), incident.End.ToUnixTimeSeconds() + 300);
            var shift = incident.Start.AddDays(-1) >= new DateTimeOffset(org.Manifest.StartDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) ? -86_400 : 86_400;
            var normal = Increase(series, incident.Start.ToUnixTimeSeconds() + shift, incident.End.ToUnixTimeSeconds() + 300 + shift);
            Assert.True(during > 5 * Math.Max(normal, 1), $"{incident.Id}: {during} errors vs {normal} normally");
        }
    }

    [Fact]
    public void Idle_resources_have_low_cpu_and_almost_no_traffic()
    {
        var idle = org.Manifest.Resources.Where(r => r.Profile == DemoResourceProfile.Idle).ToList();
        Assert.Contains(idle, r => r.Type != "volume");
        Assert.Contains(idle, r => r.Attached == false);
        var cpu = MaxBy("resource_cpu_utilization_ratio");
        var network = MaxBy("resource_network_bytes_per_second");
        foreach (var resource in idle.Where(r => r.Type != "volume"))
        {
            Assert.True(cpu[resource.Id] < 0.02, $"{resource.Id} peaks at {cpu[resource.Id]:P1} CPU");
            if (network.TryGetValue(resource.Id, out var bytes))
            {
                Assert.True(bytes < 2_000);
            }
        }
        var attached = MaxBy("resource_attached");
        Assert.All(idle.Where(r => r.Attached == false), r => Assert.Equal(0, attached[r.Id]));
        Assert.All(org.Manifest.Resources.Where(r => r.Profile == DemoResourceProfile.Active && r.Type != "volume"), r => Assert.True(cpu[r.Id] > 0.05));
    }

    [Fact]
    public void Over_provisioned_resources_use_a_small_share_of_cpu_and_memory()
    {
        var cpu = Samples("resource_cpu_utilization_ratio");
        var memory = MaxBy("resource_memory_utilization_ratio");
        var over = org.Manifest.Resources.Where(r => r.Profile == DemoResourceProfile.OverProvisioned).ToList();
        Assert.NotEmpty(over);
        foreach (var resource in over)
        {
            Assert.All(cpu[resource.Id], v => Assert.InRange(v, 0.05, 0.15));
            Assert.True(memory[resource.Id] < 0.3);
        }
    }

    [Fact]
    public void Scheduled_resources_are_busy_only_on_their_days()
    {
        var cpu = Samples("resource_cpu_utilization_ratio");
        var scheduled = org.Manifest.Resources.Where(r => r.Profile == DemoResourceProfile.Scheduled).ToList();
        Assert.NotEmpty(scheduled);
        foreach (var resource in scheduled)
        {
            var values = cpu[resource.Id].Order().ToList();
            Assert.True(values[^1] > 0.5, "busy at some point");
            Assert.True(values[values.Count / 2] < 0.02, "idle most of the time");
        }
    }

    private Dictionary<string, List<double>> Samples(string family) =>
        org.Samples(family)
            .GroupBy(s => s.Label("resource_id")!)
            .ToDictionary(g => g.Key, g => g.Select(s => s.Value).ToList());

    private Dictionary<string, double> MaxBy(string family) =>
        Samples(family).ToDictionary(p => p.Key, p => p.Value.Max());

    private static double Increase(List<FormatReaders.Sample> series, long from, long to)
    {
        var inRange = series.Where(s => s.Timestamp >= from && s.Timestamp <= to).ToList();
        var increase = 0.0;
        for (var i = 1; i < inRange.Count; i++)
        {
            var delta = inRange[i].Value - inRange[i - 1].Value;
            increase += delta >= 0 ? delta : inRange[i].Value; // a restart: count from zero
        }
        return increase;
    }

    private static long Seconds(JsonElement value) =>
        DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture).ToUnixTimeSeconds();
}
