namespace Platform.Insights.Dashboards.Provisioning;

/// <summary>
/// Where the provisioned Grafana finds things: <see cref="DashboardsPath"/> is the generated JSON's directory as Grafana
/// sees it (inside a container it differs from where the files were written), <see cref="PrometheusUrl"/> the Prometheus
/// that scrapes <c>insights serve</c>.
/// </summary>
public sealed record ProvisioningSettings(string DashboardsPath, string PrometheusUrl, string Folder);
