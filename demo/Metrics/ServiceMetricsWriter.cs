using Platform.Insights.Demo.Model;

namespace Platform.Insights.Demo.Metrics;

/// <summary>
/// Per-service production signals: <c>probe_success</c> every minute (0 exactly during planned incidents)
/// and the <c>http_requests_total</c> counters every 5 minutes, whose 5xx share rises with the down minutes
/// of each interval and which restart from 0 where a service restarts.
/// </summary>
internal static class ServiceMetricsWriter
{
    public static async Task<DemoFile> WriteProbesAsync(OrganisationModel model, string root, IProgress<DemoProgress>? progress, CancellationToken cancellationToken)
    {
        var writer = new OpenMetricsWriter(root, "probe_success", "gauge", "Whether the blackbox probe of the service succeeded (1) or failed (0).", progress);
        await using (writer)
        {
            foreach (var service in model.Services)
            {
                writer.BeginSeries("probe_success", ("service", service.Name), ("team", service.Team.Name), ("env", "production"));
                var incidents = service.Incidents;
                var next = 0;
                for (var day = 0; day < model.Days; day++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    for (var minute = day * 1440; minute < (day + 1) * 1440; minute++)
                    {
                        while (next < incidents.Count && incidents[next].EndMinute <= minute)
                        {
                            next++;
                        }
                        var down = next < incidents.Count && incidents[next].StartMinute <= minute;
                        writer.Sample(model.StartUnix + (minute * 60L), down ? 0L : 1L);
                    }
                    await writer.FlushIfFullAsync(cancellationToken);
                }
            }
            return await writer.CompleteAsync(cancellationToken);
        }
    }

    public static async Task<DemoFile> WriteRequestsAsync(OrganisationModel model, string root, IProgress<DemoProgress>? progress, CancellationToken cancellationToken)
    {
        var buckets = model.Days * 288;
        var ok = new long[buckets];
        var errors = new long[buckets];
        var writer = new OpenMetricsWriter(root, "http_requests", "counter", "HTTP requests served, by status code.", progress);
        await using (writer)
        {
            foreach (var service in model.Services)
            {
                var r = RandomStreams.For(model.Seed, "metrics.http", service.Index);
                var downMinutes = DownMinutesPerBucket(service, buckets);
                for (var k = 0; k < buckets; k++)
                {
                    var t = model.StartUnix + (k * 300L);
                    var requests = Math.Max(0, (long)(service.PeakRps * 300 * TrafficShape.At(t + 150) * (1 + (0.06 * r.Noise()))));
                    var down = downMinutes[k] / 5.0;
                    var ratio = ((1 - down) * service.BaseErrorRatio * (1 + (0.4 * r.Noise()))) + (down * r.Between(0.7, 0.95));
                    errors[k] = (long)Math.Round(requests * Math.Clamp(ratio, 0, 1));
                    ok[k] = requests - errors[k];
                }
                // A long-running process: counters do not start at zero.
                var okStart = (long)(service.PeakRps * r.Between(2_000, 200_000));
                var errorStart = (long)(okStart * service.BaseErrorRatio);
                await WriteCounterAsync(writer, model, service, "200", ok, okStart, cancellationToken);
                await WriteCounterAsync(writer, model, service, "500", errors, errorStart, cancellationToken);
            }
            return await writer.CompleteAsync(cancellationToken);
        }
    }

    private static async Task WriteCounterAsync(OpenMetricsWriter writer, OrganisationModel model, ServiceModel service, string code, long[] increments, long start, CancellationToken cancellationToken)
    {
        writer.BeginSeries("http_requests_total", ("service", service.Name), ("team", service.Team.Name), ("env", "production"), ("code", code));
        var total = start;
        for (var k = 0; k < increments.Length; k++)
        {
            if (k == service.CounterResetBucket)
            {
                total = 0;
            }
            writer.Sample(model.StartUnix + (k * 300L), total);
            total += increments[k];
            if (k % 288 == 287)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await writer.FlushIfFullAsync(cancellationToken);
            }
        }
    }

    private static int[] DownMinutesPerBucket(ServiceModel service, int buckets)
    {
        var down = new int[buckets];
        foreach (var incident in service.Incidents)
        {
            for (var minute = incident.StartMinute; minute < incident.EndMinute; minute++)
            {
                down[minute / 5]++;
            }
        }
        return down;
    }
}
