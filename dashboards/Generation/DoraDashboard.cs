using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>DORA four keys: the organisation's bands, each team's keys with band colours (click to open the team), history
/// per team, and adoption.</summary>
public static class DoraDashboard
{
    private static readonly string[] Keys = ["deployment_frequency", "lead_time", "change_failure", "recovery"];

    public static Dashboard Build(DashboardSettings settings)
    {
        const string t = "team=~\"$team\"";
        var layout = new DashboardLayout()
            .Row("Organisation")
            .Add(DoraPanels.Build("scope=\"org\""))
            .Add(Panels.Stat("Adoption", new(OrgQueries.Adoption, "adoption"), "percentunit", SeedTargets.AdoptionThresholds, w: 4, decimals: 1,
                description: "Share of catalog services that deployed in the last 30 days; target 95 %."))
            .Row("Teams")
            .Add(Panels.Table("DORA bands by team",
                [.. Keys.Select(k => new Query($"max by (team) (insights_dora_band{{scope=\"team\",{t},window=\"$dora_window\",key=\"{k}\"}})"))],
                ["Deployment frequency", "Lead time", "Change failure", "Recovery"],
                ["team"],
                [
                    new(FieldMatcher.ByName("team"), [FieldProperty.Links(Drilldown.TeamOfRow())]),
                    .. new[] { "Deployment frequency", "Lead time", "Change failure", "Recovery" }.Select(name => new FieldOverride(FieldMatcher.ByName(name),
                        [FieldProperty.Mappings(SeedTargets.DoraBands), FieldProperty.Thresholds(SeedTargets.DoraBandThresholds), FieldProperty.ColorBackground()])),
                ], h: 8))
            .Add(
                Panels.TimeSeries("Deployments per day by team",
                    [new($"insights_dora_deployment_frequency{{scope=\"team\",{t},window=\"$dora_window\"}}", "{{team}}")], "none", links: [Drilldown.TeamOfSeries()]),
                Panels.TimeSeries("Lead time for changes by team",
                    [new($"insights_dora_lead_time_seconds{{scope=\"team\",{t},window=\"$dora_window\"}}", "{{team}}")], "s", links: [Drilldown.TeamOfSeries()]),
                Panels.TimeSeries("Change failure rate by team",
                    [new($"insights_dora_change_failure_ratio{{scope=\"team\",{t},window=\"$dora_window\"}}", "{{team}}")], "percentunit",
                    links: [Drilldown.TeamOfSeries()], min: 0),
                Panels.TimeSeries("Failed deployment recovery by team",
                    [new($"insights_dora_recovery_seconds{{scope=\"team\",{t},window=\"$dora_window\"}}", "{{team}}")], "s", links: [Drilldown.TeamOfSeries()]))
            .Row("Services")
            .Add(Panels.BarGauge("Most deployments per day", new($"topk(15, insights_dora_deployment_frequency{{scope=\"service\",{t},window=\"$dora_window\"}})",
                "{{team}} / {{service}}"), "none", Thresholds.Neutral("green"), w: 24, h: 10, min: 0, links: [Drilldown.ServiceOfSeries()]));
        return DashboardShell.Create(DashboardUids.Dora, "Insights · DORA",
            "Deployment frequency, lead time for changes, change failure rate and failed deployment recovery, with DORA bands.",
            [Variables.TeamVariable(multi: true), Variables.DoraWindowVariable()], layout, ["dora"]);
    }
}
