using Prometheus;

namespace Platform.Insights.Cleanup;

/// <summary>Cleanup's counters on <c>/metrics</c>: findings received, plan items and steps stored, dropped by reason, errors.</summary>
public sealed class CleanupMeters
{
    private readonly Counter _received;
    private readonly Counter _planned;
    private readonly Counter _steps;
    private readonly Counter _dropped;
    private readonly Counter _errors;

    public CleanupMeters(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _received = factory.CreateCounter("insights_cleanup_findings_received_total", "Findings a cleanup policy selected while planning.");
        _planned = factory.CreateCounter("insights_cleanup_plan_items_stored_total", "Plan items stored (steps proposed), by action.", "action");
        _steps = factory.CreateCounter("insights_cleanup_steps_total", "Cleanup steps by action and outcome (done, dry_run, failed).", "action", "outcome");
        _dropped = factory.CreateCounter("insights_cleanup_dropped_total", "Findings or plan items not acted on, by reason (protected, iac_managed, over_cap, changed, gone, killed, …).", "reason");
        _errors = factory.CreateCounter("insights_cleanup_errors_total", "Cleanup steps or jobs that failed with an error.");
    }

    public void Received() => _received.Inc();

    public void Planned(string action) => _planned.WithLabels(action).Inc();

    public void Step(string action, string outcome) => _steps.WithLabels(action, outcome).Inc();

    public void Dropped(string reason) => _dropped.WithLabels(reason).Inc();

    public void Error() => _errors.Inc();
}
