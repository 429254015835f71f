using Platform.Insights.Analytics.Cost;
using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Building;

/// <summary>What to build: the kind, the period, the team (team reports) and optionally budgets other than the configured ones (the demo's).</summary>
public sealed record ReportRequest(ReportKind Kind, ReportPeriod Period, string? Team = null, IReadOnlyList<CostBudget>? Budgets = null);
