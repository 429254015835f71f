namespace Platform.Insights.Dashboards.Provisioning;

/// <summary>
/// One entry of Grafana's dashboard provisioning file (<c>provisioning/dashboards/*.yaml</c>, <c>providers:</c>): a
/// directory of dashboard JSON loaded into a folder. Deletion and UI edits are refused so the files stay the truth.
/// </summary>
public sealed class DashboardProvider
{
    public required string Name { get; init; }

    public int OrgId { get; init; } = 1;

    public required string Folder { get; init; }

    public required string FolderUid { get; init; }

    public string Type { get; init; } = "file";

    public bool DisableDeletion { get; init; } = true;

    public bool AllowUiUpdates { get; init; }

    public int UpdateIntervalSeconds { get; init; } = 30;

    public required DashboardProviderOptions Options { get; init; }
}
