using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Policies;
using Platform.Insights.Cleanup.Store;

namespace Platform.Insights.Cleanup.Planning;

/// <summary>
/// Builds a policy's plan from the current findings: the next ladder rung due for each selected finding, minus what a
/// guardrail holds back (protected, IaC-managed, not actionable, grace not yet over, over the N / P% cap). The plan and
/// every decision go to the audit log with the finding as evidence; nothing is executed here.
/// </summary>
public sealed class CleanupPlanner(IIdleFindings findings, ICleanupStore store, CleanupGuardrails guardrails, IOptions<CleanupOptions> options, CleanupMeters meters, TimeProvider time)
{
    public async Task<CleanupPlan> PlanAsync(CleanupPolicy policy, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var filter = new IdleFindingFilter(ResourceType: policy.ResourceTypes.Count == 1 ? policy.ResourceTypes[0] : null);
        var all = await findings.ListAsync(filter, cancellationToken);
        var fleet = all.Count(policy.InFleet);
        var cap = Cap(policy, fleet);
        var done = (await store.AllDoneStepsAsync(cancellationToken)).ToLookup(s => s.FindingId, StringComparer.Ordinal);

        var items = new List<CleanupPlanItem>();
        var decisions = new List<(CleanupDecision Decision, IdleFinding Finding)>();
        foreach (var finding in all.Where(policy.Selects))
        {
            meters.Received();
            var held = Hold(policy, finding, done[finding.Id].ToList(), now, out var next);
            if (held is null && items.Count >= cap)
            {
                held = ("over_cap", $"the run's cap of {cap} is reached ({CapText(policy, fleet)})");
            }
            if (held is { } h)
            {
                meters.Dropped(h.Decision);
                decisions.Add((new CleanupDecision(finding.Id, finding.ResourceId, h.Decision, h.Detail), finding));
                continue;
            }
            var enforce = guardrails.Enforces(policy, finding);
            items.Add(new CleanupPlanItem(items.Count, finding.Id, finding.ResourceId, finding.ResourceType, finding.Team, finding.Environment,
                guardrails.Namespace(finding), next!.Action, FindingFingerprint.Of(finding), finding.MonthlySavings, finding.Currency,
                FindingFingerprint.Replicas(finding), enforce,
                $"{finding.State} by {finding.Rule} {finding.RuleVersion}: {finding.Recommendation}{(enforce ? "" : " (dry-run)")}"));
            meters.Planned(next.Action.ToString());
        }

        var hash = CleanupPlan.HashOf(policy.Name, items);
        var plan = new CleanupPlan(CleanupPlan.IdOf(policy.Name, now, hash), policy.Name, now, hash, fleet, cap, items, decisions.Select(d => d.Decision).ToList());
        await store.SavePlanAsync(plan, cancellationToken);
        var byId = all.ToDictionary(f => f.Id, StringComparer.Ordinal);
        var audit = new List<CleanupAuditEntry>(1 + items.Count + decisions.Count)
        {
            new("plan", plan.Id, null, null, null, "planned", $"policy {policy.Name}: {items.Count} items, {decisions.Count} held back, fleet {fleet}, cap {cap}, hash {hash}", actor),
        };
        audit.AddRange(items.Select(item => new CleanupAuditEntry("decision", plan.Id, item.FindingId, item.ResourceId, item.Action.ToString(),
            item.Enforce ? "planned" : "planned_dry_run", item.Reason, actor, Evidence(byId[item.FindingId]))));
        audit.AddRange(decisions.Select(d => new CleanupAuditEntry("decision", plan.Id, d.Decision.FindingId, d.Decision.ResourceId, null,
            d.Decision.Decision, d.Decision.Detail, actor, Evidence(d.Finding))));
        await store.AppendAuditAsync(audit, cancellationToken);
        return plan;
    }

    public static string Evidence(IdleFinding finding) => JsonSerializer.Serialize(finding, CleanupJson.Options);

    /// <summary>At most N resources and P% of the fleet (at least one, so a small fleet still moves); a policy may only lower them.</summary>
    public int Cap(CleanupPolicy policy, int fleet)
    {
        var n = Math.Min(policy.MaxResources ?? int.MaxValue, options.Value.MaxResourcesPerRun);
        var p = Math.Min(policy.MaxPercent ?? double.MaxValue, options.Value.MaxPercentPerRun);
        return Math.Min(n, Math.Max(1, (int)Math.Floor(fleet * p / 100.0)));
    }

    private string CapText(CleanupPolicy policy, int fleet) =>
        $"at most {Math.Min(policy.MaxResources ?? int.MaxValue, options.Value.MaxResourcesPerRun)} resources and {Math.Min(policy.MaxPercent ?? double.MaxValue, options.Value.MaxPercentPerRun)}% of {fleet}";

    private (string Decision, string Detail)? Hold(CleanupPolicy policy, IdleFinding finding, List<Store.CleanupStepRecord> done, DateTime now, out CleanupLadderStep? next)
    {
        next = null;
        if (!finding.Actionable || finding.State is IdleState.Undetermined or IdleState.Active)
        {
            return ("not_actionable", $"{finding.State}, not actionable yet ({finding.Recommendation})");
        }
        if (guardrails.Protection(finding) is { } protection)
        {
            return ("protected", protection);
        }
        if (guardrails.IacManaged(finding) is { } iac)
        {
            return ("iac_managed", iac);
        }
        var doneActions = done.Select(s => s.Action).ToHashSet(StringComparer.Ordinal);
        var index = policy.Ladder.ToList().FindIndex(s => !doneActions.Contains(s.Action.ToString()));
        if (index < 0)
        {
            return ("ladder_complete", "every step of the ladder is done");
        }
        next = policy.Ladder[index];
        if (index > 0)
        {
            var previous = done.Last(s => s.Action == policy.Ladder[index - 1].Action.ToString());
            var due = previous.At + next.Grace;
            if (due > now)
            {
                return ("waiting_grace", $"{next.Action} is due {due:yyyy-MM-dd HH:mm}Z ({policy.Ladder[index - 1].Action} done {previous.At:yyyy-MM-dd HH:mm}Z + grace {next.Grace})");
            }
        }
        return null;
    }
}
