using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Checks;

/// <summary>
/// Static checks of a dashboard set, each problem one line naming the dashboard and panel: stable, unique uids; unique
/// panel ids; grid positions inside the 24 columns and not overlapping; every variable referenced is defined; every
/// link resolves to a dashboard of the set (and its <c>var-</c> parameters to that dashboard's variables); every data
/// panel, query and annotation reads <c>${datasource}</c>; every PromQL expression passes <see cref="PromQlSyntax"/>;
/// annotations also pass <see cref="AnnotationLint"/>.
/// </summary>
public static partial class DashboardLint
{
    public static IReadOnlyList<string> Problems(IReadOnlyList<Dashboard> dashboards)
    {
        var problems = new List<string>();
        var byUid = new Dictionary<string, Dashboard>(StringComparer.Ordinal);
        foreach (var dashboard in dashboards)
        {
            if (!byUid.TryAdd(dashboard.Uid, dashboard))
            {
                problems.Add($"{dashboard.Uid}: uid used by two dashboards");
            }
            if (!Uid().IsMatch(dashboard.Uid))
            {
                problems.Add($"{dashboard.Uid}: uid must be 1–40 letters, digits, '-' or '_'");
            }
        }
        foreach (var dashboard in dashboards)
        {
            problems.AddRange(Check(dashboard, byUid).Select(p => $"{dashboard.Uid}: {p}"));
        }
        return problems;
    }

    private static IEnumerable<string> Check(Dashboard dashboard, IReadOnlyDictionary<string, Dashboard> byUid)
    {
        var panels = DashboardQueries.Flatten(dashboard.Panels).ToList();
        foreach (var duplicate in panels.GroupBy(p => p.Id).Where(g => g.Count() > 1))
        {
            yield return $"panel id {duplicate.Key} used by {string.Join(", ", duplicate.Select(p => $"'{p.Title}'"))}";
        }
        foreach (var problem in Grid(dashboard.Panels))
        {
            yield return problem;
        }
        var defined = dashboard.Templating.List.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (where, text) in Texts(dashboard))
        {
            foreach (var name in VariableReferences.Names(text).Where(n => !VariableReferences.IsBuiltIn(n) && !defined.Contains(n)).Distinct())
            {
                yield return $"{where}: variable '{name}' is not defined";
            }
        }
        foreach (var (where, url) in Links(dashboard))
        {
            foreach (var problem in Link(url, byUid))
            {
                yield return $"{where}: {problem}";
            }
        }
        foreach (var panel in panels.Where(p => p.Type is not ("row" or "text")))
        {
            if (panel.Datasource != DataSourceRef.Prometheus)
            {
                yield return $"panel '{panel.Title}': data source is not ${{datasource}}";
            }
            if (panel.Targets is not { Count: > 0 })
            {
                yield return $"panel '{panel.Title}': no query";
            }
            foreach (var target in (panel.Targets ?? []).Where(t => t.Datasource != DataSourceRef.Prometheus))
            {
                yield return $"panel '{panel.Title}' query {target.RefId}: data source is not ${{datasource}}";
            }
        }
        foreach (var annotation in dashboard.Annotations.List.Where(a => a.BuiltIn is null && a.Datasource != DataSourceRef.Prometheus))
        {
            yield return $"annotation '{annotation.Name}': data source is not ${{datasource}}";
        }
        foreach (var problem in AnnotationLint.Problems(dashboard))
        {
            yield return problem;
        }
        foreach (var variable in dashboard.Templating.List.Where(v => v.Type == "query" && v.Datasource != DataSourceRef.Prometheus))
        {
            yield return $"variable '{variable.Name}': data source is not ${{datasource}}";
        }
        foreach (var expression in DashboardQueries.Raw(dashboard))
        {
            foreach (var problem in PromQlSyntax.Problems(expression.Expr, variablesAllowed: true))
            {
                yield return $"panel '{expression.PanelTitle}' query {expression.RefId}: {problem} in {expression.Expr}";
            }
        }
    }

    private static IEnumerable<string> Grid(IReadOnlyList<Panel> panels)
    {
        foreach (var panel in panels)
        {
            var g = panel.GridPos;
            if (g.X < 0 || g.Y < 0 || g.W < 1 || g.H < 1 || g.X + g.W > GridPos.Columns)
            {
                yield return $"panel '{panel.Title}': gridPos {g} is outside the {GridPos.Columns}-column grid";
            }
        }
        for (var i = 0; i < panels.Count; i++)
        {
            for (var j = i + 1; j < panels.Count; j++)
            {
                if (panels[i].GridPos.Overlaps(panels[j].GridPos))
                {
                    yield return $"panels '{panels[i].Title}' {panels[i].GridPos} and '{panels[j].Title}' {panels[j].GridPos} overlap";
                }
            }
        }
    }

    /// <summary>Every text Grafana interpolates variables into.</summary>
    private static IEnumerable<(string Where, string Text)> Texts(Dashboard dashboard)
    {
        foreach (var panel in DashboardQueries.Flatten(dashboard.Panels))
        {
            yield return ($"panel '{panel.Title}' title", panel.Title);
            foreach (var target in panel.Targets ?? [])
            {
                yield return ($"panel '{panel.Title}' query {target.RefId}", target.Expr);
            }
        }
        foreach (var annotation in dashboard.Annotations.List.Where(a => a.Expr is not null))
        {
            yield return ($"annotation '{annotation.Name}'", annotation.Expr!);
        }
        foreach (var variable in dashboard.Templating.List.Where(v => v.Type == "query"))
        {
            yield return ($"variable '{variable.Name}'", variable.Query);
        }
        foreach (var (where, url) in Links(dashboard))
        {
            yield return (where, url);
        }
    }

    /// <summary>Every link URL: header links, panel links, field data links and links set by overrides.</summary>
    public static IEnumerable<(string Where, string Url)> Links(Dashboard dashboard)
    {
        foreach (var link in dashboard.Links.Where(l => l.Type == "link"))
        {
            yield return ($"header link '{link.Title}'", link.Url);
        }
        foreach (var panel in DashboardQueries.Flatten(dashboard.Panels))
        {
            var links = (panel.Links ?? []).Concat(panel.FieldConfig?.Defaults.Links ?? []);
            foreach (var link in links)
            {
                yield return ($"panel '{panel.Title}' link '{link.Title}'", link.Url);
            }
            foreach (var property in (panel.FieldConfig?.Overrides ?? []).SelectMany(o => o.Properties).Where(p => p.Id == "links"))
            {
                foreach (var url in (property.Value as JsonArray ?? []).Select(l => l?["url"]?.GetValue<string>()).OfType<string>())
                {
                    yield return ($"panel '{panel.Title}' column link", url);
                }
            }
        }
    }

    private static IEnumerable<string> Link(string url, IReadOnlyDictionary<string, Dashboard> byUid)
    {
        var match = DashboardPath().Match(url);
        if (!match.Success)
        {
            yield return $"link {url} does not point at a dashboard (/d/UID)";
            yield break;
        }
        if (!byUid.TryGetValue(match.Groups["uid"].Value, out var target))
        {
            yield return $"link {url} points at uid '{match.Groups["uid"].Value}', which is not generated";
            yield break;
        }
        var variables = target.Templating.List.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in VarParameter().Matches(url).Select(m => m.Groups["name"].Value).Where(n => !variables.Contains(n)))
        {
            yield return $"link {url} sets var-{name}, which {target.Uid} does not define";
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex Uid();

    [GeneratedRegex("^/d/(?<uid>[A-Za-z0-9_-]+)(?:/[^?#]*)?(?:[?#].*)?$")]
    private static partial Regex DashboardPath();

    [GeneratedRegex(@"[?&]var-(?<name>[A-Za-z0-9_]+)=")]
    private static partial Regex VarParameter();
}
