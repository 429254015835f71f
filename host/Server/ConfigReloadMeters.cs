using Prometheus;

namespace Platform.Insights.Host.Server;

/// <summary>
/// <c>insights_config_reload_failures_total{key}</c>: configuration edits a running server refused (the last valid
/// value stays), by the key that was refused, so an operator's broken edit is an alert rather than a surprise at the
/// next restart.
/// </summary>
public sealed class ConfigReloadMeters(CollectorRegistry registry)
{
    private readonly Counter _failures = Metrics.WithCustomRegistry(registry).CreateCounter(
        "insights_config_reload_failures_total", "Configuration reloads refused because the new value was invalid (the last valid one stays), by key.", "key");

    public void Failed(string key) => _failures.WithLabels(key).Inc();

    public double Failures(string key) => _failures.WithLabels(key).Value;
}
