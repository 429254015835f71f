namespace Platform.Insights.Analytics.Tests.Uptime;

/// <summary>
/// Random services for the uptime query properties: probe series at 60 s on whole seconds, at 15 s with millisecond
/// jitter, or at uneven gaps; stretches without samples; outages of one to ninety samples; fractional, NaN and ±Inf values;
/// repeated samples; a second probe metric; request counters (2xx and 5xx) with uneven traffic and resets; catalog
/// entries declaring an SLI; incident events; a catalog service without data.
/// </summary>
public sealed class RandomUptimeStore(UptimeStore store, Random random)
{
    public async Task WriteAsync(int services, DateTime asOf)
    {
        for (var i = 0; i < services; i++)
        {
            var name = $"svc-{i}";
            if (random.Next(3) > 0)
            {
                await store.CatalogAsync(name, random.Next(2) == 0 ? "team-a" : "team-b", random.Next(2) == 0 ? null : 99.5m,
                    random.Next(5) switch { 0 => "requests", 1 => "probe", _ => null });
            }
            if (i == 0 || random.Next(4) > 0)
            {
                await store.SeriesAsync(name, "probe_success", $$"""{"service":"{{name}}"}""", Probe(asOf));
            }
            if (random.Next(4) == 0)
            {
                await store.SeriesAsync(name, "up", $$"""{"job":"x","service":"{{name}}"}""", Probe(asOf));
            }
            if (random.Next(2) == 0)
            {
                var step = TimeSpan.FromSeconds(random.Next(2) == 0 ? 30 : 60);
                await store.SeriesAsync(name, "http_requests_total", $$"""{"code":"200","service":"{{name}}"}""", Counter(asOf, step, 50));
                await store.SeriesAsync(name, "http_requests_total", $$"""{"code":"503","service":"{{name}}"}""", Counter(asOf, step, 3));
            }
            if (random.Next(3) == 0)
            {
                var start = UptimeStore.T0.AddMinutes(random.Next(0, 1200));
                await store.IncidentEventAsync($"inc-{i}", name, start, random.Next(3) == 0 ? null : start.AddMinutes(random.Next(1, 120)));
            }
        }
        await store.CatalogAsync("svc-without-data", "team-a");
    }

    private List<(DateTime At, double Value)> Probe(DateTime asOf)
    {
        var shape = random.Next(3);
        var samples = new List<(DateTime, double)>();
        var at = UptimeStore.T0.AddSeconds(random.Next(0, 600));
        var down = 0;
        while (at < asOf)
        {
            if (random.Next(400) == 0)
            {
                at = at.AddMinutes(random.Next(5, 180)); // a stretch without samples
                continue;
            }
            if (down == 0 && random.Next(150) == 0)
            {
                down = random.Next(1, 90);
            }
            var value = down > 0 ? 0.0 : 1.0;
            down = Math.Max(0, down - 1);
            value = random.Next(300) switch
            {
                0 => double.NaN,
                1 => double.PositiveInfinity,
                2 => double.NegativeInfinity,
                3 => 0.5,
                _ => value,
            };
            var ts = shape == 1 ? at.AddMilliseconds(random.Next(-40, 40)) : at;
            samples.Add((ts, value));
            if (random.Next(500) == 0)
            {
                samples.Add((ts, value)); // the same sample twice
            }
            at += shape switch
            {
                0 => TimeSpan.FromSeconds(60),
                1 => TimeSpan.FromSeconds(15),
                _ => TimeSpan.FromSeconds(random.Next(20, 300)),
            };
        }
        return samples;
    }

    private List<(DateTime At, double Value)> Counter(DateTime asOf, TimeSpan step, int traffic)
    {
        var samples = new List<(DateTime, double)>();
        var value = (double)random.Next(0, 1000);
        for (var at = UptimeStore.T0.AddSeconds(random.Next(0, 60)); at < asOf; at += step)
        {
            if (random.Next(300) == 0)
            {
                value = random.Next(0, 5); // a restart
            }
            else
            {
                value += random.Next(10) == 0 ? random.Next(0, traffic * 20) : random.Next(0, traffic);
            }
            if (random.Next(200) > 0)
            {
                samples.Add((at, value));
            }
        }
        return samples;
    }
}
