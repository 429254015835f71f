using Prometheus;

namespace Platform.Insights.Dashboards.Kpis;

/// <summary>
/// The KPI gauges on <c>/metrics</c>: each refresh sets every sample of the new snapshot and removes the label sets
/// the snapshot no longer has (a service that left the catalog stops being exported instead of freezing at its
/// last value). Also counts refreshes and their failures (in the pipeline's registry).
/// The KPI families live in a registry of their own that is rendered once per refresh, in both exposition formats:
/// they change only when the KPIs are recomputed, so a scrape copies the rendered bytes instead of serialising
/// tens of thousands of series each time (a 1,000-service scrape stays far under Prometheus's usual timeouts).
/// A snapshot restored from the data directory at start is served the same way, with its own computation time on
/// <c>insights_kpi_last_refresh_timestamp_seconds</c> and <c>insights_kpi_age_seconds</c>, so its staleness is visible.
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
    private readonly Gauge _age;
    private readonly Gauge _restored;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private DateTimeOffset? _computedAt;
    private bool _computed;

    public KpiGauges(CollectorRegistry registry, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _time = time ?? TimeProvider.System;
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
        // Absent (not 0) until there are values: an age of 0 would claim fresh figures that do not exist.
        _age = factory.CreateGauge("insights_kpi_age_seconds", "Seconds since the served KPI values were computed (restored ones included); alert when it exceeds a few refresh intervals.",
            new GaugeConfiguration { SuppressInitialValue = true });
        _restored = factory.CreateGauge("insights_kpi_snapshot_restored", "1 while the KPI gauges serve the snapshot restored from the data directory at start, 0 once this process computed them.");
        registry.AddBeforeCollectCallback(UpdateAge);
    }

    /// <summary>When the served values were computed (null before the first computation or restore).</summary>
    public DateTimeOffset? ComputedAt
    {
        get
        {
            lock (_lock)
            {
                return _computedAt;
            }
        }
    }

    /// <summary>True while the served values are a restored snapshot, not yet recomputed by this process.</summary>
    public bool IsRestored
    {
        get
        {
            lock (_lock)
            {
                return _computedAt is not null && !_computed;
            }
        }
    }

    /// <summary>True when the last computation failed (the previous values, if any, are still served).</summary>
    public bool LastRefreshFailed { get; private set; }

    /// <summary>
    /// Serves a snapshot computed earlier (by a previous run) until the first computation of this process replaces it;
    /// ignored once this process has computed its own.
    /// </summary>
    public async Task RestoreAsync(KpiSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        await _rendering.WaitAsync(cancellationToken);
        try
        {
            lock (_lock)
            {
                if (_computed)
                {
                    return;
                }
            }
            Set(snapshot.Samples);
            _rendered = await KpiExposition.RenderAsync(_kpis, cancellationToken);
            lock (_lock)
            {
                _computedAt = snapshot.ComputedAt;
                _lastRefresh.Set(snapshot.ComputedAt.ToUnixTimeMilliseconds() / 1000.0);
                _refreshSeconds.Set(snapshot.RefreshDuration.TotalSeconds);
                _series.Set(snapshot.Samples.Count);
                _restored.Set(1);
            }
        }
        finally
        {
            _rendering.Release();
        }
        UpdateAge();
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
            // Inside the rendering section, so a restore waiting for it sees that this process has computed its own.
            lock (_lock)
            {
                _computed = true;
                _computedAt = at;
                LastRefreshFailed = false;
                _lastRefresh.Set(at.ToUnixTimeMilliseconds() / 1000.0);
                _refreshSeconds.Set(took.TotalSeconds);
                _series.Set(samples.Count);
                _restored.Set(0);
                _refreshes.WithLabels("ok").Inc();
            }
        }
        finally
        {
            _rendering.Release();
        }
        UpdateAge();
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

    public void Failed()
    {
        LastRefreshFailed = true;
        _refreshes.WithLabels("failed").Inc();
    }

    private void UpdateAge()
    {
        if (ComputedAt is { } computedAt)
        {
            _age.Set(Math.Max(0, (_time.GetUtcNow() - computedAt).TotalSeconds));
        }
    }

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
