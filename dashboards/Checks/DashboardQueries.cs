using Platform.Insights.Dashboards.Generation;
using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Checks;

/// <summary>
/// Every PromQL expression of a dashboard set with the template variables substituted, ready for Prometheus's
/// <c>query_range</c> — what the real-Prometheus test runs to prove no panel is empty. Custom variables (windows) take
/// their default unless given; Grafana's interval built-ins take <see cref="RateInterval"/>.
/// </summary>
public static class DashboardQueries
{
    public const string RateInterval = "5m";

    /// <param name="values">Variable values, e.g. <c>team</c> and <c>service</c>; a query-backed variable that an expression
    /// uses must be given.</param>
    public static IReadOnlyList<PanelExpression> Expressions(IEnumerable<Dashboard> dashboards, IReadOnlyDictionary<string, string> values)
    {
        var all = new List<PanelExpression>();
        foreach (var dashboard in dashboards)
        {
            all.AddRange(Expressions(dashboard, values));
        }
        return all;
    }

    public static IReadOnlyList<PanelExpression> Expressions(Dashboard dashboard, IReadOnlyDictionary<string, string> values)
    {
        var raw = Raw(dashboard).ToList();
        return [.. raw.Select(e => e with { Expr = Substitute(dashboard, e.Expr, values) })];
    }

    /// <summary>The expressions as written in the dashboard, variables unsubstituted.</summary>
    public static IEnumerable<PanelExpression> Raw(Dashboard dashboard)
    {
        foreach (var panel in Flatten(dashboard.Panels))
        {
            foreach (var target in panel.Targets ?? [])
            {
                yield return new PanelExpression(dashboard.Uid, panel.Id, panel.Title, target.RefId, target.Expr, target.Instant, IsPending(target.Expr));
            }
        }
        foreach (var annotation in dashboard.Annotations.List.Where(a => a.Expr is not null))
        {
            yield return new PanelExpression(dashboard.Uid, 0, "annotation " + annotation.Name, annotation.Name, annotation.Expr!, false, IsPending(annotation.Expr!));
        }
    }

    public static IEnumerable<Panel> Flatten(IEnumerable<Panel> panels) =>
        panels.SelectMany(p => new[] { p }.Concat(Flatten(p.Panels ?? [])));

    public static bool IsPending(string expr) => IdlePanels.PendingMetrics.Any(m => expr.Contains(m, StringComparison.Ordinal));

    private static string Substitute(Dashboard dashboard, string expr, IReadOnlyDictionary<string, string> values) =>
        VariableReferences.Substitute(expr, name =>
        {
            if (values.TryGetValue(name, out var given))
            {
                return given;
            }
            if (name is "__rate_interval" or "__interval")
            {
                return RateInterval;
            }
            var variable = dashboard.Templating.List.FirstOrDefault(v => v.Name == name);
            if (variable is { Type: "custom" })
            {
                return variable.Current.Value;
            }
            throw new ArgumentException($"dashboard {dashboard.Uid}: no value given for variable '{name}' in {expr}", nameof(values));
        });
}
