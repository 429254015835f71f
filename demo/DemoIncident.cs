namespace Platform.Insights.Demo;

/// <summary>
/// An outage: <c>probe_success</c> is 0 for every minute in [<see cref="Start"/>, <see cref="End"/>) and 1
/// around it. <see cref="DeploymentId"/> is the <c>event.id</c> of the deployment that caused it, if any.
/// </summary>
public sealed record DemoIncident(
    string Id,
    string Service,
    DateTimeOffset Start,
    DateTimeOffset End,
    int Severity,
    string? DeploymentId);
