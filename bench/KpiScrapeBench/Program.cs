using System.Diagnostics;
using System.Globalization;
using System.Text;
using Platform.Insights.Dashboards.Kpis;
using Prometheus;

// kpi-scrape-bench N [REPS]: publishes the KPI gauges of N services (10 teams, every family and window the exporter
// writes per service, team and org) — which renders them once, as KpiMetricsService does after each refresh — then
// times what a scrape of /metrics does — the pipeline registry's export plus a copy of the rendered KPI families —
// against a baseline measured in the same run: the same series written as exposition text by one plain
// StringBuilder loop (the floor of any serialiser, and what a scrape cost when it serialised the KPI registry).
// Prints one TSV line per repetition.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var services = int.Parse(args[0], CultureInfo.InvariantCulture);
var reps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var samples = Samples(services);
var registry = Metrics.NewCustomRegistry();
var gauges = new KpiGauges(registry);
var publish = Stopwatch.StartNew();
await gauges.PublishAsync(samples, DateTimeOffset.UnixEpoch, TimeSpan.Zero, CancellationToken.None);
var publishMs = publish.Elapsed.TotalMilliseconds;
Console.WriteLine("services\tseries\trep\tscrape_ms\tscrape_bytes\tbaseline_ms\tbaseline_bytes\tratio\tpublish_ms");
for (var rep = 0; rep <= reps; rep++)
{
    var scrape = Stopwatch.StartNew();
    using var stream = new MemoryStream();
    await registry.CollectAndExportAsTextAsync(stream);
    await stream.WriteAsync((await gauges.ExpositionAsync(CancellationToken.None)).Text);
    var scrapeMs = scrape.Elapsed.TotalMilliseconds;
    var baseline = Stopwatch.StartNew();
    var text = Baseline(samples);
    var bytes = Encoding.UTF8.GetByteCount(text);
    var baselineMs = baseline.Elapsed.TotalMilliseconds;
    if (rep > 0) // the first round warms up the JIT
    {
        Console.WriteLine($"{services}\t{samples.Count}\t{rep}\t{scrapeMs:0.00}\t{stream.Length}\t{baselineMs:0.00}\t{bytes}\t{scrapeMs / baselineMs:0.00}\t{publishMs:0.0}");
    }
}
return 0;

static List<KpiSample> Samples(int services)
{
    var list = new List<KpiSample>();
    string[] windows = ["1d", "7d", "28d", "30d"];
    KpiMetric[] windowed = [KpiMetricCatalog.Availability, KpiMetricCatalog.Coverage, KpiMetricCatalog.BudgetRemaining, KpiMetricCatalog.Incidents,
        KpiMetricCatalog.Mttr, KpiMetricCatalog.MedianRecovery, KpiMetricCatalog.RecoveredWithinTarget];
    void Scope(string scope, string team, string service, int seed)
    {
        foreach (var window in windows)
        {
            foreach (var metric in windowed)
            {
                list.Add(new KpiSample(metric, [scope, team, service, window], 0.99 + (seed % 97 / 10000.0)));
            }
        }
        list.Add(new KpiSample(KpiMetricCatalog.SloTarget, [scope, team, service], 0.999));
        list.Add(new KpiSample(KpiMetricCatalog.OpenIncidents, [scope, team, service], seed % 3));
        list.Add(new KpiSample(KpiMetricCatalog.CostDaily, [scope, team, service, "USD"], seed * 1.37));
    }
    for (var s = 0; s < services; s++)
    {
        var team = $"team-{s % 10:00}";
        var service = $"service-{s:0000}";
        Scope("service", team, service, s);
        foreach (var burn in new[] { "5m", "30m", "1h", "2h", "6h", "1d", "3d" })
        {
            list.Add(new KpiSample(KpiMetricCatalog.BurnRate, [team, service, burn], s % 13 / 7.0));
        }
        list.Add(new KpiSample(KpiMetricCatalog.ServiceInfo, [team, service, "shop", "production"], 1));
    }
    for (var t = 0; t < 10; t++)
    {
        Scope("team", $"team-{t:00}", "", t);
    }
    Scope("org", "", "", 1);
    return list;
}

static string Baseline(List<KpiSample> samples)
{
    var text = new StringBuilder();
    foreach (var family in samples.GroupBy(s => s.Metric))
    {
        text.Append("# HELP ").Append(family.Key.Name).Append(' ').Append(family.Key.Help).Append("\n# TYPE ").Append(family.Key.Name).Append(" gauge\n");
        foreach (var sample in family)
        {
            text.Append(family.Key.Name).Append('{');
            for (var i = 0; i < sample.LabelValues.Count; i++)
            {
                text.Append(i == 0 ? "" : ",").Append(family.Key.LabelNames[i]).Append("=\"").Append(sample.LabelValues[i]).Append('"');
            }
            text.Append("} ").Append(sample.Value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }
    return text.ToString();
}
