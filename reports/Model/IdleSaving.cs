namespace Platform.Insights.Reports.Model;

/// <summary>
/// One idle finding's monthly savings as the report saw it (kept in <c>report.json</c>), so the next period's report can
/// tell which findings were resolved since — the savings realised.
/// </summary>
public sealed record IdleSaving(string FindingId, string ResourceId, decimal MonthlySavings, string Currency);
