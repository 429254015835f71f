using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>
/// The template variables the dashboards share. Teams and services come from <c>insights_service_info</c> (the catalog
/// on /metrics), so the lists follow the catalog without regenerating; the data source is chosen by plugin type, never
/// by uid.
/// </summary>
public static class Variables
{
    public const string Team = "team";
    public const string Service = "service";
    public const string Window = "window";
    public const string DoraWindow = "dora_window";

    /// <summary>The rolling windows the uptime gauges are labelled with (docs/METRICS.md), the default first.</summary>
    public static IReadOnlyList<string> Windows { get; } = ["30d", "28d", "7d", "1d"];

    /// <summary>The DORA gauges' windows, the default first.</summary>
    public static IReadOnlyList<string> DoraWindows { get; } = ["30d", "7d", "90d"];

    public static Variable Datasource() => new()
    {
        Name = DataSourceRef.VariableName,
        Label = "Data source",
        Type = "datasource",
        Query = "prometheus",
        Description = "The Prometheus that scrapes insights serve's /metrics.",
    };

    /// <summary>The team: one value (team and service dashboards), or many with All (<c>=~"$team"</c> selectors).</summary>
    public static Variable TeamVariable(bool multi = false) => Query(Team, "Team",
        "label_values(insights_service_info, team)", multi);

    /// <summary>The service, limited to the chosen team.</summary>
    public static Variable ServiceVariable() => Query(Service, "Service",
        "label_values(insights_service_info{team=\"$team\"}, service)", multi: false);

    public static Variable WindowVariable() => Custom(Window, "Window", Windows,
        "Rolling window of the uptime KPIs (ending at the data's end).");

    public static Variable DoraWindowVariable() => Custom(DoraWindow, "DORA window", DoraWindows,
        "Window of the DORA KPIs.");

    private static Variable Query(string name, string label, string query, bool multi) => new()
    {
        Name = name,
        Label = label,
        Type = "query",
        Datasource = DataSourceRef.Prometheus,
        Query = query,
        Definition = query,
        Refresh = 2,
        Multi = multi,
        IncludeAll = multi,
        Current = multi ? new VariableOption("All", "$__all") : new VariableOption("", ""),
    };

    private static Variable Custom(string name, string label, IReadOnlyList<string> values, string description) => new()
    {
        Name = name,
        Label = label,
        Type = "custom",
        Description = description,
        Query = string.Join(',', values),
        Refresh = 0,
        Sort = 0,
        Current = new VariableOption(values[0], values[0]),
        Options = [.. values.Select((v, i) => new VariableOption(v, v, i == 0))],
    };
}
