using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Planning;

namespace Platform.Insights.Host.Cli;

/// <summary>The rows <c>insights cleanup</c> prints (and the API returns in the same shape).</summary>
public static class CleanupCells
{
    public static readonly string[] PlanColumns =
        ["plan", "hash", "policy", "resource", "type", "team", "environment", "action", "decision", "monthlySavings", "detail"];

    public static readonly string[] RunColumns = ["plan", "done", "dryRun", "skipped", "failed", "killed", "breakerOpen"];

    public static readonly string[] StatusColumns =
        ["plan", "policy", "created", "items", "enforced", "approval", "approvedUntil", "done", "dryRun", "skipped", "failed", "plannedMonthlySavings"];

    /// <summary>Items first (planned / dry-run), then what the policy selected but holds back, and why.</summary>
    public static IEnumerable<object?[]> Plan(CleanupPlan plan, OutputFormat format)
    {
        foreach (var item in plan.Items)
        {
            yield return [plan.Id, plan.Hash[..CleanupApprovals.MinimumHashPrefix], plan.Policy, item.ResourceId, item.ResourceType, item.Team, item.Environment,
                item.Action.ToString(), item.Enforce ? "planned" : "dry-run", CostCells.Money(item.MonthlySavings, item.Currency ?? "", format), item.Reason];
        }
        foreach (var decision in plan.Decisions)
        {
            yield return [plan.Id, plan.Hash[..CleanupApprovals.MinimumHashPrefix], plan.Policy, decision.ResourceId, null, null, null, null, decision.Decision, null, decision.Detail];
        }
    }

    public static object?[] Run(CleanupRunResult r) => [r.PlanId, r.Done, r.DryRun, r.Skipped, r.Failed, r.Killed, r.BreakerOpen];

    public static object?[] Status(CleanupPlanStatus s) =>
        [s.PlanId, s.Policy, s.CreatedAt, s.Items, s.Enforced, s.Approval, s.ApprovedUntil, s.Done, s.DryRun, s.Skipped, s.Failed, s.PlannedMonthlySavings];

    /// <summary>Realised savings for people: "42.50 EUR/month over 1 resource".</summary>
    public static string Savings(CleanupStatus status) => status.RealisedSavings.Count == 0
        ? "realised savings: none yet"
        : "realised savings: " + string.Join(", ", status.RealisedSavings.Select(s =>
            $"{CostCells.Money(s.MonthlySavings, s.Currency, OutputFormat.Table)}/month over {s.Resources} resource{(s.Resources == 1 ? "" : "s")}"));

    /// <summary>
    /// One line per step whose undo has not ended: an operator sees an undo left by a process that died, and how to
    /// resume it (a live one refuses the second request, naming its owner).
    /// </summary>
    public static IEnumerable<string> Undoing(CleanupStatus status) => (status.Undoing ?? []).Select(s =>
        $"undo not finished: {s.StepId} ({s.Action} of {s.ResourceId}; {s.Detail}) since {s.At:yyyy-MM-dd HH:mm:ss} UTC; if its process stopped, resume it: insights cleanup undo {s.StepId}");
}
