namespace Platform.Insights.Analytics.Tests.Uptime;

/// <summary>
/// Random services in the shape of <c>bench/load.sh</c>'s store and of real scrapes at 1–5 s (BENCHMARKS.md §38): many
/// probe series per service (instances) at 1 s, 2 s or 1 s with millisecond jitter, flapping (runs of one to a few failing
/// samples, every hour) beside long outages that cross parts and hours; stretches without samples, NaN, repeated samples;
/// many request counters per service (2xx and 5xx, resets), beside the probes of the same service or alone; a second
/// probe metric; catalog entries declaring either SLI; a catalog service without data.
/// </summary>
public sealed class DenseUptimeStore(UptimeStore store, Random random)
{
    public async Task WriteAsync(int services, DateTime asOf)
    {
        for (var i = 0; i < services; i++)
        {
            var name = $"svc-{i}";
            if (random.Next(3) > 0)
            {
                await store.CatalogAsync(name, random.Next(2) == 0 ? "team-a" : "team-b", random.Next(2) == 0 ? null : 99.5m,
                    random.Next(4) switch { 0 => "requests", 1 => "probe", _ => null });
            }
            var instances = random.Next(2, 6);
            if (i == 0 || random.Next(4) > 0)
            {
                for (var k = 0; k < instances; k++)
                {
                    await store.SeriesAsync(name, "probe_success", $$"""{"instance":"host-{{k}}","service":"{{name}}"}""", Probe(asOf));
                }
            }
            if (random.Next(5) == 0)
            {
                await store.SeriesAsync(name, "up", $$"""{"instance":"host-0","service":"{{name}}"}""", Probe(asOf));
            }
            if (i == 1 || random.Next(4) > 0)
            {
                var step = TimeSpan.FromSeconds(random.Next(2) == 0 ? 1 : 5);
                for (var k = 0; k < instances; k++)
                {
                    await store.SeriesAsync(name, "http_requests_total", $$"""{"code":"200","instance":"host-{{k}}","service":"{{name}}"}""", Counter(asOf, step, 50));
                    await store.SeriesAsync(name, "http_requests_total", $$"""{"code":"500","instance":"host-{{k}}","service":"{{name}}"}""", Counter(asOf, step, 2));
                }
            }
        }
        await store.CatalogAsync("svc-without-data", "team-a");
    }

    private List<(DateTime At, double Value)> Probe(DateTime asOf)
    {
        var shape = random.Next(3);
        var flap = random.Next(20, 120);
        var samples = new List<(DateTime, double)>();
        var at = UptimeStore.T0.AddSeconds(random.Next(0, 300));
        var down = 0;
        while (at < asOf)
        {
            if (random.Next(3000) == 0)
            {
                at = at.AddSeconds(random.Next(30, 900)); // a stretch without samples
                continue;
            }
            if (down == 0 && random.Next(flap) == 0)
            {
                down = random.Next(20) == 0 ? random.Next(20, 400) : random.Next(1, 4); // mostly flapping, sometimes an outage
            }
            var value = down > 0 ? 0.0 : 1.0;
            down = Math.Max(0, down - 1);
            value = random.Next(2000) switch
            {
                0 => double.NaN,
                1 => 0.5,
                _ => value,
            };
            var ts = shape == 2 ? at.AddMilliseconds(random.Next(-40, 40)) : at;
            samples.Add((ts, value));
            if (random.Next(3000) == 0)
            {
                samples.Add((ts, value)); // the same sample twice
            }
            at += TimeSpan.FromSeconds(shape == 1 ? 2 : 1);
        }
        return samples;
    }

    private List<(DateTime At, double Value)> Counter(DateTime asOf, TimeSpan step, int traffic)
    {
        var samples = new List<(DateTime, double)>();
        var value = (double)random.Next(0, 1000);
        for (var at = UptimeStore.T0.AddSeconds(random.Next(0, 60)); at < asOf; at += step)
        {
            value = random.Next(2000) == 0 ? random.Next(0, 5) : value + random.Next(0, traffic); // a restart, else traffic
            if (random.Next(500) > 0)
            {
                samples.Add((at, value));
            }
        }
        return samples;
    }
}
