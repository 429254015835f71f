using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Building;

/// <summary>
/// The productivity and adoption rows of the scorecard (adoption, self-service, environment setup time, development
/// cycle time, DORA bands) for a period and its previous one. The analytics/Productivity work (DORA) plugs in here by
/// registering its own implementation; this build registers <see cref="MissingProductivityKpis"/>.
/// </summary>
public interface IProductivityKpis
{
    Task<IReadOnlyList<ScorecardRow>> ScorecardAsync(ReportPeriod period, ReportPeriod previous, string? team, CancellationToken cancellationToken);
}
