using Microsoft.Extensions.Options;
using Platform.Insights.Cleanup.Planning;
using Platform.Insights.Cleanup.Store;

namespace Platform.Insights.Cleanup.Execution;

/// <summary>
/// Plan → approve → apply: an approval names the plan id and its hash (as printed by <c>plan</c>), expires after
/// <see cref="CleanupOptions.ApprovalTtl"/>, and is only honoured for the plan whose items still hash to it.
/// </summary>
public sealed class CleanupApprovals(ICleanupStore store, IOptions<CleanupOptions> options, TimeProvider time)
{
    /// <summary>Shortest hash prefix an approver may type.</summary>
    public const int MinimumHashPrefix = 12;

    public async Task<CleanupApproval> ApproveAsync(string planId, string hash, string approver, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var plan = await store.GetPlanAsync(planId, cancellationToken) ?? throw await RefuseAsync(planId, $"no plan {planId}", approver, cancellationToken);
        if (hash.Length < MinimumHashPrefix || !plan.Hash.StartsWith(hash, StringComparison.OrdinalIgnoreCase))
        {
            throw await RefuseAsync(planId, $"hash '{hash}' is not plan {planId}'s hash (at least {MinimumHashPrefix} characters of {plan.Hash})", approver, cancellationToken);
        }
        if (CleanupPlan.HashOf(plan.Policy, plan.Items) != plan.Hash)
        {
            throw await RefuseAsync(planId, $"plan {planId}'s items no longer hash to {plan.Hash}", approver, cancellationToken);
        }
        if (plan.Items.Count == 0)
        {
            throw await RefuseAsync(planId, $"plan {planId} has no items to approve", approver, cancellationToken);
        }
        if (now - plan.CreatedAt > options.Value.ApprovalTtl)
        {
            throw await RefuseAsync(planId, $"plan {planId} was made {plan.CreatedAt:yyyy-MM-dd HH:mm}Z, longer ago than {CleanupOptions.Section}:ApprovalTtl; plan again", approver, cancellationToken);
        }
        var approval = new CleanupApproval(planId, plan.Hash, approver, now, now + options.Value.ApprovalTtl);
        await store.AddApprovalAsync(approval, cancellationToken);
        await store.AppendAuditAsync(new CleanupAuditEntry("approve", planId, null, null, null, "approved",
            $"plan hash {plan.Hash} approved until {approval.ExpiresAt:yyyy-MM-dd HH:mm}Z ({plan.Items.Count} items)", approver), cancellationToken);
        return approval;
    }

    /// <summary>The plan, when it has an unexpired approval of exactly its current hash; otherwise refused (and audited).</summary>
    public async Task<CleanupPlan> RequireApprovedAsync(string planId, string actor, CancellationToken cancellationToken)
    {
        var plan = await store.GetPlanAsync(planId, cancellationToken) ?? throw await RefuseAsync(planId, $"no plan {planId}", actor, cancellationToken);
        var current = CleanupPlan.HashOf(plan.Policy, plan.Items);
        var approvals = (await store.ApprovalsAsync(planId, cancellationToken)).Where(a => a.PlanId == plan.Id && a.PlanHash == plan.Hash && a.PlanHash == current).ToList();
        if (approvals.Count == 0)
        {
            throw await RefuseAsync(planId, $"plan {planId} is not approved (insights cleanup approve {planId} --hash {plan.Hash[..MinimumHashPrefix]})", actor, cancellationToken);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var latest = approvals.MaxBy(a => a.ExpiresAt)!;
        if (latest.ExpiresAt <= now)
        {
            throw await RefuseAsync(planId, $"the approval of plan {planId} by {latest.ApprovedBy} expired at {latest.ExpiresAt:yyyy-MM-dd HH:mm}Z; plan and approve again", actor, cancellationToken);
        }
        return plan;
    }

    private async Task<CleanupRefusedException> RefuseAsync(string planId, string reason, string actor, CancellationToken cancellationToken)
    {
        await store.AppendAuditAsync(new CleanupAuditEntry("refuse", planId, null, null, null, "refused", reason, actor), cancellationToken);
        return new CleanupRefusedException(reason);
    }
}
