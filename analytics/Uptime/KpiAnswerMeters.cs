using Prometheus;

namespace Platform.Insights.Analytics.Uptime;

/// <summary>
/// How the KPI API's reads were answered (<see cref="UptimeApiAnswers"/>): <c>current</c> (a snapshot nothing was written
/// since), <c>computed</c> (waited for a computation), <c>stale</c> (the last snapshot, its recompute late or failed); and
/// the computations that failed.
/// </summary>
public sealed class KpiAnswerMeters
{
    private readonly Counter _answers;
    private readonly Counter _failures;

    public KpiAnswerMeters(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _answers = factory.CreateCounter("insights_kpi_api_answers_total",
            "KPI API reads by endpoint and how they were answered: current snapshot, computed, or stale (the recompute was late or failed).", "endpoint", "answer");
        _failures = factory.CreateCounter("insights_kpi_api_compute_failures_total", "KPI API answers whose computation failed, by endpoint.", "endpoint");
    }

    public void Served(string endpoint, string answer) => _answers.WithLabels(endpoint, answer).Inc();

    public void Failed(string endpoint) => _failures.WithLabels(endpoint).Inc();
}
