using Prometheus;

namespace Platform.Insights.Analytics.Idle;

/// <summary>
/// The idle detector's own figures on <c>/metrics</c>: runs by outcome, how long a run took, how many resources it read
/// and the last run's findings per state — so an operator sees a detector that fails or slows down before a cleanup job does.
/// </summary>
public sealed class IdleMeters
{
    private readonly Counter _runs;
    private readonly Histogram _duration;
    private readonly Gauge _resources;
    private readonly Gauge _findings;
    private readonly Counter _stored;
    private readonly Counter _reads;
    private readonly Gauge _age;

    public IdleMeters(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _runs = factory.CreateCounter("insights_idle_detector_runs_total", "Idle-resource detector runs, by outcome (ok, failed).", "outcome");
        _duration = factory.CreateHistogram("insights_idle_detector_duration_seconds", "Time one idle-resource detector run took (read and classify).",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.01, 2, 14) });
        _resources = factory.CreateGauge("insights_idle_detector_resources_read", "Resources the last idle-detector run read from the store.");
        _findings = factory.CreateGauge("insights_idle_detector_findings", "Findings of the last idle-detector run, by state.", "state");
        _stored = factory.CreateCounter("insights_idle_findings_stored_total", "Findings written to idle_findings by complete detector runs.");
        _reads = factory.CreateCounter("insights_idle_findings_reads_total",
            "Reads of the idle findings, by the run they were served from (current, recomputed, stale: past the bound, not actionable).", "run");
        _age = factory.CreateGauge("insights_idle_findings_age_seconds", "Age of the run the last idle-findings read was served from.");
    }

    public void Succeeded(TimeSpan elapsed, IReadOnlyList<IdleFinding> findings)
    {
        _runs.WithLabels("ok").Inc();
        _duration.Observe(elapsed.TotalSeconds);
        _resources.Set(findings.Count);
        _stored.Inc(findings.Count);
        foreach (var state in Enum.GetValues<IdleState>())
        {
            _findings.WithLabels(state.ToString().ToLowerInvariant()).Set(findings.Count(f => f.State == state));
        }
    }

    public void Served(string run, TimeSpan age)
    {
        _reads.WithLabels(run).Inc();
        _age.Set(Math.Max(0, age.TotalSeconds));
    }

    public void Failed(TimeSpan elapsed)
    {
        _runs.WithLabels("failed").Inc();
        _duration.Observe(elapsed.TotalSeconds);
    }
}
