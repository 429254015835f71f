namespace Platform.Insights.Dashboards.Model;

/// <summary>
/// A link in the dashboard's header: <c>type</c> <c>dashboards</c> (every dashboard with one of <see cref="Tags"/>, as a
/// drop-down) or <c>link</c> (one <see cref="Url"/>). <see cref="IncludeVars"/> and <see cref="KeepTime"/> carry the
/// variables and time range over.
/// </summary>
public sealed class DashboardLink
{
    public required string Title { get; init; }

    public required string Type { get; init; }

    public string Url { get; init; } = "";

    public IReadOnlyList<string> Tags { get; init; } = [];

    public bool AsDropdown { get; init; }

    public bool IncludeVars { get; init; } = true;

    public bool KeepTime { get; init; } = true;

    public bool TargetBlank { get; init; }

    public string Icon { get; init; } = "dashboard";

    public string Tooltip { get; init; } = "";
}
