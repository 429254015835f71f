using Platform.Insights.Analytics.Idle;

namespace Platform.Insights.Cleanup.Policies;

/// <summary>
/// One cleanup policy from the YAML file: which findings it selects, its action ladder, when it plans, and whether it
/// may enforce (still only where the environment and the global switch allow). <see cref="Line"/> is its line in the file.
/// </summary>
public sealed record CleanupPolicy(
    string Name,
    string File,
    long Line,
    IReadOnlyList<string> ResourceTypes,
    IReadOnlyList<IdleState> States,
    IReadOnlyList<string> Teams,
    IReadOnlyList<string> Environments,
    IReadOnlyDictionary<string, string> Tags,
    decimal? MinMonthlySavings,
    IReadOnlyList<CleanupLadderStep> Ladder,
    string Schedule,
    bool Enforce,
    int? MaxResources,
    double? MaxPercent)
{
    /// <summary>Whether the policy selects this finding (before any guardrail).</summary>
    public bool Selects(IdleFinding finding) =>
        (ResourceTypes.Count == 0 || ResourceTypes.Contains(finding.ResourceType, StringComparer.Ordinal))
        && States.Contains(finding.State)
        && (Teams.Count == 0 || (finding.Team is not null && Teams.Contains(finding.Team, StringComparer.Ordinal)))
        && InFleet(finding)
        && Tags.All(t => finding.Tags.TryGetValue(t.Key, out var v) && (t.Value.Length == 0 || v == t.Value))
        && (MinMonthlySavings is null || (finding.MonthlySavings is { } s && s >= MinMonthlySavings));

    /// <summary>The policy's fleet for the P% cap: every resource of its types, teams and environments, in any state.</summary>
    public bool InFleet(IdleFinding finding) =>
        (ResourceTypes.Count == 0 || ResourceTypes.Contains(finding.ResourceType, StringComparer.Ordinal))
        && (Teams.Count == 0 || (finding.Team is not null && Teams.Contains(finding.Team, StringComparer.Ordinal)))
        && (Environments.Count == 0 || (finding.Environment is not null && Environments.Contains(finding.Environment, StringComparer.Ordinal)));
}
