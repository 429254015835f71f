using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>
/// What every generated dashboard shares: the uid and tag, 30 days of history by default (the KPI gauges' backfill
/// reaches that far), a 5-minute refresh (the gauges refresh after each computation, not per scrape), the
/// <c>datasource</c> variable first, and header links to the organisation overview and every Insights dashboard.
/// </summary>
public static class DashboardShell
{
    public static Dashboard Create(string uid, string title, string description, IEnumerable<Variable> variables, DashboardLayout layout,
        IEnumerable<string>? tags = null, IEnumerable<DashboardLink>? links = null, IEnumerable<Annotation>? annotations = null) => new()
    {
        Id = null,
        Uid = uid,
        Title = title,
        Description = description,
        Tags = [DashboardUids.Tag, .. tags ?? []],
        Links = [Drilldown.AllDashboards(), .. uid == DashboardUids.Org ? [] : new[] { Drilldown.To(DashboardUids.Org, "Organisation") }, .. links ?? []],
        Annotations = new GrafanaList<Annotation>([Annotation.AnnotationsAndAlerts, .. annotations ?? []]),
        Templating = new GrafanaList<Variable>([Variables.Datasource(), .. variables]),
        Panels = layout.Panels,
    };
}
