using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>Every generated dashboard, in the order they are listed and published (the organisation overview first).</summary>
public static class InsightsDashboards
{
    public static IReadOnlyList<Dashboard> All(DashboardSettings settings) =>
    [
        OrgOverviewDashboard.Build(settings),
        TeamDashboard.Build(settings),
        ServiceDashboard.Build(settings),
        CostExplorerDashboard.Build(settings),
        SloDashboard.Build(settings),
        DoraDashboard.Build(settings),
        IdleResourcesDashboard.Build(settings),
        PipelineHealthDashboard.Build(settings),
    ];

    /// <summary>The file a dashboard is written to: its uid, so renaming a title never leaves a stale file behind.</summary>
    public static string FileName(Dashboard dashboard) => dashboard.Uid + ".json";
}
