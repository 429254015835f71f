using Prometheus;

namespace Platform.Insights.Analytics.Uptime;

/// <summary>
/// How the KPI API's reads were answered (<see cref="UptimeApiAnswers"/>): <c>current</c> (a snapshot nothing was written
/// since), <c>computed</c> (waited for a computation), <c>recomputing</c> (the last snapshot at once, younger than
/// <c>ApiServeStaleFor</c>, its recompute running), <c>stale</c> (the last snapshot after <c>ApiWait</c>, its recompute late
/// or failed); how long the computations took (what a read would wait without the snapshots); and those that failed.
/// </summary>
public sealed class KpiAnswerMeters
{
    private readonly Counter _answers;
    private readonly Counter _failures;
    private readonly Histogram _durations;

    public KpiAnswerMeters(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _answers = factory.CreateCounter("insights_kpi_api_answers_total",
            "KPI API reads by endpoint and how they were answered: current snapshot, computed, recomputing (the last snapshot at once while its recompute runs) or stale (the recompute was late or failed).", "endpoint", "answer");
        _failures = factory.CreateCounter("insights_kpi_api_compute_failures_total", "KPI API answers whose computation failed, by endpoint.", "endpoint");
        _durations = factory.CreateHistogram("insights_kpi_api_compute_seconds", "How long the KPI API's answer computations took, by endpoint.",
            new HistogramConfiguration { LabelNames = ["endpoint"], Buckets = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600] });
    }

    public void Served(string endpoint, string answer) => _answers.WithLabels(endpoint, answer).Inc();

    public void Failed(string endpoint) => _failures.WithLabels(endpoint).Inc();

    public void Computed(string endpoint, TimeSpan took) => _durations.WithLabels(endpoint).Observe(took.TotalSeconds);
}
