namespace Platform.Insights.Dashboards.Provisioning;

/// <summary>A file provider's options: the directory Grafana reads the dashboard JSON from.</summary>
public sealed record DashboardProviderOptions(string Path, bool FoldersFromFilesStructure = false);
