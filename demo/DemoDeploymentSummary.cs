namespace Platform.Insights.Demo;

/// <summary>Deployment events written to the logs (<c>event.action: deployment</c>).</summary>
/// <param name="Fixes">Deployments that repair an earlier failed production deployment (<c>labels.fixes_event_id</c>).</param>
public sealed record DemoDeploymentSummary(int Total, int Production, int Staging, int Failed, int Fixes);
