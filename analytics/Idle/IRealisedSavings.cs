namespace Platform.Insights.Analytics.Idle;

/// <summary>
/// Savings that automated cleanup realised: monthly cost no longer spent because a resource was stopped, scaled to zero
/// or deleted. Defined here so reports and dashboards can read it without depending on the cleanup project; the
/// cleanup project registers the implementation (none registered: cleanup is not part of this installation).
/// </summary>
public interface IRealisedSavings
{
    /// <summary>Per currency, the findings whose first saving action was done in [fromUtc, toUtc), of one team or all (null).</summary>
    Task<IReadOnlyList<RealisedSaving>> ListAsync(DateTime fromUtc, DateTime toUtc, string? team, CancellationToken cancellationToken);
}
