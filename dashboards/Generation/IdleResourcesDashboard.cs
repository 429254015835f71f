using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>Idle resources and savings, from the idle detector's gauges. Findings need each rule's full window of data, so every
/// panel carries the note that says so (a new installation's first week shows empty panels, not zeros).</summary>
public static class IdleResourcesDashboard
{
    public static Dashboard Build(DashboardSettings settings)
    {
        var money = settings.MoneyUnit;
        var c = settings.CurrencyMatcher;
        const string t = "team=~\"$team\"";
        var layout = new DashboardLayout()
            .Add(Panels.Text("Status", "**Idle resources and their savings** (`insights idle`, `GET /api/v1/idle-resources`). " + IdlePanels.PendingNote, h: 2))
            .Row("Savings")
            .Add(
                Panels.Stat("Idle savings / month", new($"sum(insights_idle_savings_monthly{{{t},{c}}})", "savings"), money, Thresholds.Neutral("green"),
                    w: 6, description: IdlePanels.PendingNote),
                Panels.Stat("Idle resources", new($"sum(insights_idle_resources{{{t}}})", "resources"), "none", Thresholds.Neutral(), w: 6,
                    description: IdlePanels.PendingNote),
                Panels.BarGauge("Savings by team", new($"sum by (team) (insights_idle_savings_monthly{{{t},{c}}})", "{{team}}"), money,
                    Thresholds.Neutral("green"), w: 12, h: 4, min: 0, links: [Drilldown.TeamOfSeries()], description: IdlePanels.PendingNote))
            .Add(
                Panels.TimeSeries("Savings by team", [new($"sum by (team) (insights_idle_savings_monthly{{{t},{c}}})", "{{team}}")], money, stacked: true,
                    description: IdlePanels.PendingNote, links: [Drilldown.TeamOfSeries()]),
                Panels.TimeSeries("Idle resources by kind and state", [new($"sum by (kind, state) (insights_idle_resources{{{t}}})", "{{kind}} {{state}}")],
                    "none", description: IdlePanels.PendingNote))
            .Add(Panels.Table("Idle resources by team", [new($"sum by (team, kind, state) (insights_idle_resources{{{t}}})")], ["Resources"],
                ["team", "kind", "state"], [new(FieldMatcher.ByName("team"), [FieldProperty.Links(Drilldown.TeamOfRow())])], h: 8,
                description: IdlePanels.PendingNote, sortBy: "Resources", sortDescending: true));
        return DashboardShell.Create(DashboardUids.Idle, "Insights · Idle resources and savings",
            "Idle resources found and the monthly savings of cleaning them up.",
            [Variables.TeamVariable(multi: true)], layout, ["cost", "idle"]);
    }
}
