namespace Platform.Insights.Analytics.Idle;

/// <summary>
/// The detector's verdict on one resource under one rule, with the evidence to recompute it. This is the contract
/// of <c>GET /api/v1/idle-resources</c> and of the cleanup jobs, which re-read a finding by <see cref="Id"/> at
/// execution time and act only when it is still <see cref="Actionable"/>.
/// </summary>
/// <param name="Id">Stable id: the same resource and rule give the same id on every run (<c>idl_</c> + hash).</param>
/// <param name="ResourceId">Metrics' resource label = FOCUS <c>ResourceId</c>.</param>
/// <param name="ResourceType">vm, k8s_workload, volume, public_ip, database, load_balancer.</param>
/// <param name="Rule">Rule id, e.g. <c>vm.idle</c>, <c>k8s.abandoned</c>, <c>k8s.rightsize</c>, <c>volume.unattached</c>.</param>
/// <param name="RuleVersion">Version of the rule's definition and thresholds; part of the evidence.</param>
/// <param name="Actionable">Eligible for a cleanup action now (Idle, past the rule's action age, not Undetermined).</param>
/// <param name="MonthlySavings">Monthly EffectiveCost that cleanup would save (rightsizing: the share saved); null = unknown (no billing match).</param>
/// <param name="Tags">The resource's tags (FOCUS <c>Tags</c>), for protected-tag and IaC guardrails.</param>
/// <param name="Since">When the resource was first seen in the state (e.g. volume detached at).</param>
/// <param name="Coverage">Share of expected samples present in the window (0..1).</param>
/// <param name="Recommendation">Plain-language next step, e.g. "delete after snapshot", "scale to zero", "schedule 08:00–18:00 on the last 3 days of the month".</param>
/// <param name="Statistics">Each statistic and threshold the rule evaluated.</param>
/// <param name="Billing">The billing rows behind <see cref="MonthlySavings"/>; null when there was no match.</param>
public sealed record IdleFinding(
    string Id,
    string ResourceId,
    string ResourceType,
    string? Service,
    string? Team,
    string? Environment,
    IdleState State,
    string Rule,
    string RuleVersion,
    bool Actionable,
    decimal? MonthlySavings,
    string? Currency,
    IReadOnlyDictionary<string, string> Tags,
    DateTime WindowStart,
    DateTime WindowEnd,
    DateTime? Since,
    double Coverage,
    string Recommendation,
    IReadOnlyList<IdleStatistic> Statistics,
    IdleBillingEvidence? Billing)
{
    /// <summary>The persisted detection run this finding comes from (<c>idle_runs.run_id</c>).</summary>
    public string? RunId { get; init; }

    /// <summary>When that run read the store: the finding's age counts from here.</summary>
    public DateTime? ComputedAt { get; init; }

    /// <summary>
    /// True when the run is older than <c>Insights:Idle:MaxFindingAge</c> and no newer run could be computed: the finding
    /// is then never <see cref="Actionable"/>, so cleanup neither plans nor applies anything from it.
    /// </summary>
    public bool Stale { get; init; }
}
