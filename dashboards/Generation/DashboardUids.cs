namespace Platform.Insights.Dashboards.Generation;

/// <summary>
/// The dashboards' uids: fixed names, never random or hashed from content, so a dashboard keeps its URL, its stars and
/// the links into it across regenerations, Grafana instances and renames of its title.
/// </summary>
public static class DashboardUids
{
    public const string Org = "insights-org";
    public const string Team = "insights-team";
    public const string Service = "insights-service";
    public const string Cost = "insights-cost";
    public const string Slo = "insights-slo";
    public const string Dora = "insights-dora";
    public const string Idle = "insights-idle";
    public const string Pipeline = "insights-pipeline";

    /// <summary>The tag every generated dashboard carries (the header's drop-down lists them).</summary>
    public const string Tag = "insights";

    /// <summary>A dashboard's path in Grafana; the slug after the uid is cosmetic (Grafana resolves by uid).</summary>
    public static string Path(string uid) => $"/d/{uid}/{uid}";
}
