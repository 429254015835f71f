namespace Platform.Insights.Dashboards.Provisioning;

/// <summary>A provisioning file's document: <c>apiVersion: 1</c> and one list (<c>providers</c> or <c>datasources</c>).</summary>
public sealed class ProvisioningFile
{
    public int ApiVersion { get; init; } = 1;

    public IReadOnlyList<DashboardProvider>? Providers { get; init; }

    public IReadOnlyList<DataSourceEntry>? Datasources { get; init; }
}
