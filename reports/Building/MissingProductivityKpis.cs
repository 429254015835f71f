using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Building;

/// <summary>
/// Productivity KPIs until analytics/Productivity is merged: each seed KPI row with its target and shown as missing,
/// with the reason — never as zero.
/// </summary>
public sealed class MissingProductivityKpis : IProductivityKpis
{
    public const string Reason = "missing: productivity KPIs not available in this build";

    /// <summary>The seed's productivity targets (docs: DESIGN "KPIs"): name, unit, target.</summary>
    public static IReadOnlyList<(string Kpi, KpiUnit Unit, double Target)> Targets { get; } =
    [
        ("Adoption (services deploying through the platform)", KpiUnit.Ratio, 0.95),
        ("Self-service share of tasks", KpiUnit.Ratio, 0.90),
        ("Environment setup time vs baseline", KpiUnit.Change, -0.40),
        ("Development cycle time vs baseline", KpiUnit.Change, -0.50),
        ("DORA deployment frequency band", KpiUnit.Count, double.NaN),
        ("DORA lead time band", KpiUnit.Count, double.NaN),
        ("DORA change failure rate band", KpiUnit.Count, double.NaN),
        ("DORA recovery time band", KpiUnit.Count, double.NaN),
    ];

    public Task<IReadOnlyList<ScorecardRow>> ScorecardAsync(ReportPeriod period, ReportPeriod previous, string? team, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ScorecardRow>>([.. Targets.Select(t =>
            new ScorecardRow(t.Kpi, t.Unit, null, double.IsNaN(t.Target) ? null : t.Target, null, KpiStatus.Missing, Reason))]);
}
