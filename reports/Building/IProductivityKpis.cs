using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Building;

/// <summary>
/// The productivity and adoption rows of the scorecard (adoption, self-service, environment setup time, development
/// cycle time, DORA bands) for a period and its previous one; <see cref="DeliveryScorecard"/> computes them from the
/// delivery KPIs.
/// </summary>
public interface IProductivityKpis
{
    Task<IReadOnlyList<ScorecardRow>> ScorecardAsync(ReportPeriod period, ReportPeriod previous, string? team, CancellationToken cancellationToken);
}
