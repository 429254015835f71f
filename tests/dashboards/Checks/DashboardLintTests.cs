using Platform.Insights.Dashboards.Checks;
using Platform.Insights.Dashboards.Generation;
using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Tests.Checks;

/// <summary>Each check catches the fault it is for: a broken copy of a generated dashboard fails with a line naming it.</summary>
public sealed class DashboardLintTests
{
    private static readonly IReadOnlyList<Dashboard> Set = InsightsDashboards.All(DashboardSettings.Default);

    private static IReadOnlyList<string> ProblemsWith(Func<Dashboard, Dashboard> breakTeam) =>
        DashboardLint.Problems([.. Set.Select(d => d.Uid == DashboardUids.Team ? breakTeam(d) : d)]);

    private static Dashboard WithPanels(Dashboard d, Func<List<Panel>, List<Panel>> change) => new()
    {
        Id = d.Id, Uid = d.Uid, Title = d.Title, Description = d.Description, Tags = d.Tags, Links = d.Links,
        Annotations = d.Annotations, Templating = d.Templating, Panels = change([.. d.Panels]),
    };

    private static int FirstData(List<Panel> panels) => panels.FindIndex(p => p.Targets is { Count: > 0 });

    [Fact]
    public void Overlapping_panels_are_reported()
    {
        var problems = ProblemsWith(d => WithPanels(d, p => { var i = FirstData(p); p[i + 1] = p[i + 1] with { GridPos = p[i].GridPos }; return p; }));
        Assert.Contains(problems, p => p.StartsWith("insights-team: panels", StringComparison.Ordinal) && p.EndsWith("overlap", StringComparison.Ordinal));
    }

    [Fact]
    public void A_panel_wider_than_the_grid_is_reported() =>
        Assert.Contains(ProblemsWith(d => WithPanels(d, p => { p[^1] = p[^1] with { GridPos = p[^1].GridPos with { X = 20, W = 8 } }; return p; })),
            p => p.Contains("outside the 24-column grid", StringComparison.Ordinal));

    [Fact]
    public void A_duplicate_panel_id_is_reported() =>
        Assert.Contains(ProblemsWith(d => WithPanels(d, p => { p[2] = p[2] with { Id = p[1].Id }; return p; })),
            p => p.Contains($"panel id 2 used by", StringComparison.Ordinal));

    [Fact]
    public void An_undefined_variable_is_reported()
    {
        var problems = ProblemsWith(d => WithPanels(d, p =>
        {
            var i = FirstData(p);
            p[i] = p[i] with { Targets = [new Target { RefId = "A", Expr = "insights_availability_ratio{team=\"$squad\"}" }] };
            return p;
        }));
        Assert.Contains(problems, p => p.Contains("variable 'squad' is not defined", StringComparison.Ordinal));
    }

    [Fact]
    public void A_link_to_a_dashboard_not_generated_is_reported()
    {
        var problems = ProblemsWith(d => WithPanels(d, p =>
        {
            var i = FirstData(p);
            p[i] = p[i] with { Links = [new DataLink("gone", "/d/insights-gone/x?var-team=$team")] };
            return p;
        }));
        Assert.Contains(problems, p => p.Contains("uid 'insights-gone', which is not generated", StringComparison.Ordinal));
    }

    [Fact]
    public void A_link_setting_a_variable_its_target_lacks_is_reported()
    {
        var problems = ProblemsWith(d => WithPanels(d, p =>
        {
            var i = FirstData(p);
            p[i] = p[i] with { Links = [new DataLink("pipeline", "/d/insights-pipeline/x?var-team=$team")] };
            return p;
        }));
        Assert.Contains(problems, p => p.Contains("sets var-team, which insights-pipeline does not define", StringComparison.Ordinal));
    }

    [Fact]
    public void A_hard_coded_datasource_is_reported()
    {
        var problems = ProblemsWith(d => WithPanels(d, p =>
        {
            var i = FirstData(p);
            p[i] = p[i] with { Datasource = new DataSourceRef("prometheus", "P1809F7CD0C75ACF3") };
            return p;
        }));
        Assert.Contains(problems, p => p.Contains("data source is not ${datasource}", StringComparison.Ordinal));
    }

    [Fact]
    public void Unbalanced_promql_is_reported()
    {
        var problems = ProblemsWith(d => WithPanels(d, p =>
        {
            var i = FirstData(p);
            p[i] = p[i] with { Targets = [new Target { RefId = "A", Expr = "sum(insights_availability_ratio{team=\"$team\"}" }] };
            return p;
        }));
        Assert.Contains(problems, p => p.Contains("is never closed", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_dashboards_with_one_uid_are_reported() =>
        Assert.Contains(DashboardLint.Problems([.. Set, Set[0]]), p => p == "insights-org: uid used by two dashboards");
}
