using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>
/// Drill-down links org → team → service. Names go into the URL percent-encoded (<c>:percentencode</c>), so a team or
/// service called <c>a&amp;var-team=b</c> or <c>../x</c> stays one query value, whatever Grafana's default format is.
/// Each carries the data source and time range (<c>${datasource:queryparam}</c>,
/// <c>${__url_time_range}</c>) and the team / service of the clicked series (<c>${__field.labels.…}</c>) or table row
/// (<c>${__data.fields.…}</c>).
/// </summary>
public static class Drilldown
{
    private const string Carry = "&${datasource:queryparam}&${__url_time_range}";

    public static DataLink TeamOfSeries() =>
        new("Team ${__field.labels.team}", $"{DashboardUids.Path(DashboardUids.Team)}?var-team=${{__field.labels.team:percentencode}}{Carry}");

    public static DataLink ServiceOfSeries() =>
        new("Service ${__field.labels.service}",
            $"{DashboardUids.Path(DashboardUids.Service)}?var-team=${{__field.labels.team:percentencode}}&var-service=${{__field.labels.service:percentencode}}{Carry}");

    public static DataLink TeamOfRow() =>
        new("Team ${__data.fields.team}", $"{DashboardUids.Path(DashboardUids.Team)}?var-team=${{__data.fields.team:percentencode}}{Carry}");

    public static DataLink ServiceOfRow() =>
        new("Service ${__data.fields.service}",
            $"{DashboardUids.Path(DashboardUids.Service)}?var-team=${{__data.fields.team:percentencode}}&var-service=${{__data.fields.service:percentencode}}{Carry}");

    /// <summary>Header link to one dashboard, keeping the time range and the variables it shares.</summary>
    public static DashboardLink To(string uid, string title) => new()
    {
        Title = title,
        Type = "link",
        Url = DashboardUids.Path(uid),
        Icon = "dashboard",
        IncludeVars = true,
        KeepTime = true,
    };

    /// <summary>Header drop-down of every generated dashboard (by the shared tag).</summary>
    public static DashboardLink AllDashboards() => new()
    {
        Title = "Insights",
        Type = "dashboards",
        Tags = [DashboardUids.Tag],
        AsDropdown = true,
        IncludeVars = false,
        KeepTime = true,
    };
}
