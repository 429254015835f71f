namespace Platform.Insights.Analytics.Productivity;

/// <summary>
/// One production deployment (<see cref="ProductionDeploymentQuery"/>): its service, the service's catalog team ('' when
/// outside the catalog), the production environment's name (lower-case), <c>success</c> or <c>failure</c>, and when it
/// finished (UTC).
/// </summary>
public sealed record ProductionDeployment(string Service, string Team, string Environment, string Outcome, DateTime Finished);
