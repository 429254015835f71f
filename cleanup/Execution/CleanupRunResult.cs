namespace Platform.Insights.Cleanup.Execution;

/// <summary>What one apply run (or Hangfire batch) did.</summary>
public sealed record CleanupRunResult(string PlanId, int Done, int DryRun, int Skipped, int Failed, bool Killed, bool BreakerOpen)
{
    public static CleanupRunResult operator +(CleanupRunResult a, CleanupRunResult b) =>
        new(a.PlanId, a.Done + b.Done, a.DryRun + b.DryRun, a.Skipped + b.Skipped, a.Failed + b.Failed, a.Killed || b.Killed, a.BreakerOpen || b.BreakerOpen);
}
