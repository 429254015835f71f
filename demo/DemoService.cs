namespace Platform.Insights.Demo;

/// <summary>A catalog Component of type service.</summary>
/// <param name="Lifecycle">Backstage lifecycle: production or experimental.</param>
/// <param name="Slo">Availability objective in percent, as in the <c>insights.platform/slo</c> annotation.</param>
/// <param name="DeploysViaPlatform">False for the few services still deploying through the legacy pipeline.</param>
public sealed record DemoService(
    string Name,
    string Team,
    string System,
    string Lifecycle,
    decimal Slo,
    IReadOnlyList<string> Environments,
    bool DeploysViaPlatform);
