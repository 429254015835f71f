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

    private static Dashboard WithAnnotation(Dashboard d, Func<Annotation, Annotation> change) => new()
    {
        Id = d.Id, Uid = d.Uid, Title = d.Title, Description = d.Description, Tags = d.Tags, Links = d.Links,
        Annotations = new GrafanaList<Annotation>([.. d.Annotations.List.Select(a => a.Expr is null ? a : change(a))]),
        Templating = d.Templating, Panels = d.Panels,
    };

    private static Annotation Copy(Annotation a, string? expr = null, string? title = null, string? step = null, string? name = null) => new()
    {
        Name = name ?? a.Name, Datasource = a.Datasource, Expr = expr ?? a.Expr, Step = step ?? a.Step, TitleFormat = title ?? a.TitleFormat,
        TextFormat = a.TextFormat, TagKeys = a.TagKeys, UseValueForTime = a.UseValueForTime, IconColor = a.IconColor,
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
    public void The_generated_annotations_pass_every_check() =>
        Assert.Empty(Set.SelectMany(d => AnnotationLint.Problems(d).Select(p => $"{d.Uid}: {p}")));

    [Fact]
    public void An_undefined_variable_in_an_annotation_is_reported() =>
        Assert.Contains(ProblemsWith(d => WithAnnotation(d, a => Copy(a, expr: a.Expr!.Replace("$team", "$squad", StringComparison.Ordinal)))),
            p => p.Contains("annotation 'Deployments': variable 'squad' is not defined", StringComparison.Ordinal));

    [Fact]
    public void An_annotation_title_naming_a_label_its_series_lack_is_reported() =>
        Assert.Contains(ProblemsWith(d => WithAnnotation(d, a => Copy(a, title: "{{service}} {{version}}"))),
            p => p.Contains("label 'version' of its title, text or tags is not on the series", StringComparison.Ordinal));

    [Fact]
    public void An_annotation_using_seconds_as_the_time_is_reported() =>
        Assert.Contains(ProblemsWith(d => WithAnnotation(d, a => Copy(a, expr: a.Expr!.Replace(" * 1000", "", StringComparison.Ordinal)))),
            p => p.Contains("uses the value as the time but is not a _timestamp_seconds gauge times 1000", StringComparison.Ordinal));

    [Fact]
    public void An_annotation_with_a_bad_step_or_a_duplicate_name_is_reported()
    {
        var problems = ProblemsWith(d => new Dashboard
        {
            Id = d.Id, Uid = d.Uid, Title = d.Title, Description = d.Description, Tags = d.Tags, Links = d.Links, Templating = d.Templating, Panels = d.Panels,
            Annotations = new GrafanaList<Annotation>([.. d.Annotations.List, .. d.Annotations.List.Where(a => a.Expr is not null).Select(a => Copy(a, step: "a minute"))]),
        });
        Assert.Contains(problems, p => p.Contains("annotation name 'Deployments' used 2 times", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("step 'a minute' is not a duration", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_dashboards_with_one_uid_are_reported() =>
        Assert.Contains(DashboardLint.Problems([.. Set, Set[0]]), p => p == "insights-org: uid used by two dashboards");
}
