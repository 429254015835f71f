namespace Platform.Insights.Reports.Building;

/// <summary>The deployment that preceded an incident of the same service (see <c>incident_deployments.sql</c>).</summary>
public sealed record LinkedDeployment(string IncidentId, string DeploymentId, DateTime Finished, string? Version);
