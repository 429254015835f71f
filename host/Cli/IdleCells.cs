using System.Globalization;
using Platform.Insights.Analytics.Idle;

namespace Platform.Insights.Host.Cli;

/// <summary>The columns of <c>insights idle</c> (and the demo's findings table) and its totals line.</summary>
public static class IdleCells
{
    public static readonly string[] Columns = ["id", "resource", "type", "team", "env", "state", "rule", "actionable", "monthlySavings", "currency", "coverage", "since", "recommendation"];

    /// <summary>Table: money as "USD 1,234.56", "unknown" without a billing match, coverage in percent; JSON / CSV: exact values.</summary>
    public static object?[] Cells(IdleFinding f, OutputFormat format) => format == OutputFormat.Table
        ?
        [
            f.Id, f.ResourceId, f.ResourceType, f.Team, f.Environment, f.State.ToString().ToLowerInvariant(), f.Rule, f.Actionable ? "yes" : "no",
            f.MonthlySavings is { } s ? Money.Format(s, f.Currency ?? "") : f.State is IdleState.Active or IdleState.Undetermined ? "" : "unknown",
            f.Currency, (f.Coverage * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
            f.Since?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), f.Recommendation,
        ]
        :
        [
            f.Id, f.ResourceId, f.ResourceType, f.Team, f.Environment, f.State.ToString().ToLowerInvariant(), f.Rule, f.Actionable,
            f.MonthlySavings, f.Currency, f.Coverage, f.Since, f.Recommendation,
        ];

    /// <summary>"12 findings: 3 idle, 2 underutilized, …; monthly savings USD 1,234.56 (2 unknown: no billing match)".</summary>
    public static string Totals(IReadOnlyList<IdleFinding> findings)
    {
        var byState = string.Join(", ", findings.GroupBy(f => f.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));
        var saving = findings.Where(f => f.State is not (IdleState.Active or IdleState.Undetermined)).ToList();
        var money = saving.Where(f => f.MonthlySavings is not null).GroupBy(f => f.Currency ?? "")
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Money.Format(g.Sum(f => f.MonthlySavings!.Value), g.Key)).ToList();
        var unknown = saving.Count(f => f.MonthlySavings is null);
        return string.Create(CultureInfo.InvariantCulture,
            $"{findings.Count} findings{(findings.Count > 0 ? ": " + byState : "")}; monthly savings {(money.Count > 0 ? string.Join(" + ", money) : "none")}{(unknown > 0 ? $" ({unknown} unknown: no billing match)" : "")}");
    }
}
