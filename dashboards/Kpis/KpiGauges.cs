using Prometheus;

namespace Platform.Insights.Dashboards.Kpis;

/// <summary>
/// The KPI gauges on <c>/metrics</c>: each refresh sets every sample of the new snapshot and removes the label sets
/// the snapshot no longer has (a service that left the catalog stops being exported instead of freezing at its
/// last value). Also counts refreshes and their failures (in the pipeline's registry).
/// The KPI families live in a registry of their own that is rendered once per refresh, in both exposition formats:
/// they change only when the KPIs are recomputed, so a scrape copies the rendered bytes instead of serialising
/// tens of thousands of series each time (a 1,000-service scrape stays far under Prometheus's usual timeouts).
/// </summary>
public sealed class KpiGauges
{
    private readonly CollectorRegistry _kpis = Metrics.NewCustomRegistry();
    private readonly SemaphoreSlim _rendering = new(1, 1);
    private volatile KpiExposition? _rendered;
    private readonly Dictionary<KpiMetric, Gauge> _gauges = [];
    private readonly Dictionary<KpiMetric, Dictionary<string, string[]>> _published = [];
    private readonly Gauge _lastRefresh;
    private readonly Gauge _refreshSeconds;
    private readonly Gauge _series;
    private readonly Counter _refreshes;
    private readonly Lock _lock = new();

    public KpiGauges(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        var kpis = Metrics.WithCustomRegistry(_kpis);
        foreach (var metric in KpiMetricCatalog.All)
        {
            _gauges[metric] = kpis.CreateGauge(metric.Name, metric.Help, [.. metric.LabelNames]);
            _published[metric] = new Dictionary<string, string[]>(StringComparer.Ordinal);
        }
        _lastRefresh = factory.CreateGauge("insights_kpi_last_refresh_timestamp_seconds", "When the KPI gauges were last computed.");
        _refreshSeconds = factory.CreateGauge("insights_kpi_refresh_duration_seconds", "How long the last KPI computation took.");
        _series = factory.CreateGauge("insights_kpi_series", "KPI series published by the last refresh.");
        _refreshes = factory.CreateCounter("insights_kpi_refreshes_total", "KPI computations, by outcome (ok, failed).", "outcome");
    }

    /// <summary>Sets the new snapshot and renders it for the scrapes that follow.</summary>
    public async Task PublishAsync(IReadOnlyList<KpiSample> samples, DateTimeOffset at, TimeSpan took, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        await _rendering.WaitAsync(cancellationToken);
        try
        {
            Set(samples);
            _rendered = await KpiExposition.RenderAsync(_kpis, cancellationToken);
        }
        finally
        {
            _rendering.Release();
        }
        lock (_lock)
        {
            _lastRefresh.Set(at.ToUnixTimeMilliseconds() / 1000.0);
            _refreshSeconds.Set(took.TotalSeconds);
            _series.Set(samples.Count);
            _refreshes.WithLabels("ok").Inc();
        }
    }

    /// <summary>The KPI families as a scrape serves them: rendered at the last refresh (or now, before the first).</summary>
    public async Task<KpiExposition> ExpositionAsync(CancellationToken cancellationToken)
    {
        if (_rendered is { } rendered)
        {
            return rendered;
        }
        await _rendering.WaitAsync(cancellationToken);
        try
        {
            return _rendered ??= await KpiExposition.RenderAsync(_kpis, cancellationToken);
        }
        finally
        {
            _rendering.Release();
        }
    }

    private void Set(IReadOnlyList<KpiSample> samples)
    {
        lock (_lock)
        {
            foreach (var group in samples.GroupBy(s => s.Metric))
            {
                var gauge = _gauges[group.Key];
                var previous = _published[group.Key];
                var current = new Dictionary<string, string[]>(StringComparer.Ordinal);
                foreach (var sample in group)
                {
                    var values = sample.LabelValues.ToArray();
                    gauge.WithLabels(values).Set(sample.Value);
                    current[sample.SeriesKey] = values;
                }
                Retire(gauge, previous, current);
                _published[group.Key] = current;
            }
            foreach (var metric in KpiMetricCatalog.All.Where(m => samples.All(s => s.Metric != m)))
            {
                Retire(_gauges[metric], _published[metric], []);
                _published[metric] = new Dictionary<string, string[]>(StringComparer.Ordinal);
            }
        }
    }

    public void Failed() => _refreshes.WithLabels("failed").Inc();

    private static void Retire(Gauge gauge, Dictionary<string, string[]> previous, Dictionary<string, string[]> current)
    {
        foreach (var (key, values) in previous)
        {
            if (!current.ContainsKey(key))
            {
                gauge.RemoveLabelled(values);
            }
        }
    }
}
