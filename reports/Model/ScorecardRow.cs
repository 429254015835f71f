namespace Platform.Insights.Reports.Model;

/// <summary>
/// One KPI against its target for the period, with the previous period's value. <see cref="Value"/> is null exactly
/// when <see cref="Missing"/> says why (no data is never shown as zero). <see cref="Currency"/> for money rows.
/// </summary>
public sealed record ScorecardRow(
    string Kpi,
    KpiUnit Unit,
    double? Value,
    double? Target,
    double? Previous,
    KpiStatus Status,
    string? Missing,
    string? Currency = null);
