using Platform.Insights.Cleanup.Store;

namespace Platform.Insights.Cleanup.Execution;

/// <summary>Reads <see cref="CleanupStatus"/> from the cleanup tables.</summary>
public sealed class CleanupStatusQuery(ICleanupStore store, CleanupKillSwitch kill, TimeProvider time)
{
    public async Task<CleanupStatus> ReadAsync(int plans, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var rows = new List<CleanupPlanStatus>();
        foreach (var plan in await store.ListPlansAsync(plans, cancellationToken))
        {
            var approval = (await store.ApprovalsAsync(plan.Id, cancellationToken)).Where(a => a.PlanHash == plan.Hash).MaxBy(a => a.ExpiresAt);
            var audit = await store.AuditAsync(plan.Id, cancellationToken);
            // Owner notices before each step are steps too; "done" counts the plan's own items only.
            var itemSteps = plan.Items.Select(i => (i.FindingId, i.Action.ToString())).ToHashSet();
            rows.Add(new CleanupPlanStatus(plan.Id, plan.Policy, plan.CreatedAt, plan.Hash, plan.Items.Count, plan.Items.Count(i => i.Enforce),
                approval is null ? "not approved" : approval.ExpiresAt > now ? $"approved by {approval.ApprovedBy}" : "approval expired",
                approval?.ExpiresAt,
                audit.Count(a => a.Kind == "step" && a.Outcome == "done" && itemSteps.Contains((a.FindingId ?? "", a.Action ?? ""))),
                audit.Count(a => a.Kind == "step" && a.Outcome == "dry_run"),
                audit.Count(a => a.Kind == "skip"),
                audit.Count(a => a.Kind == "step" && a.Outcome is "failed" or "breaker_open"),
                plan.Items.Sum(i => i.MonthlySavings ?? 0)));
        }
        var savings = (await store.RealisedSavingsAsync(null, null, null, cancellationToken)).Select(s => new CleanupSavings(s.Currency, s.Monthly, s.Resources)).ToList();
        var killed = await kill.ReasonAsync(cancellationToken);
        return new CleanupStatus(rows, killed is not null, killed, savings, await store.UndoingStepsAsync(cancellationToken));
    }
}
