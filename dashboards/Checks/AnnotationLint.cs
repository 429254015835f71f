using System.Text.RegularExpressions;
using Platform.Insights.Dashboards.Kpis;
using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Checks;

/// <summary>
/// Checks of a dashboard's Prometheus annotations beyond those every query gets (variables, data source, PromQL syntax,
/// in <see cref="DashboardLint"/>): unique names; a step Grafana can parse; every label named in the title, text and tag
/// keys carried by the series the expression returns (checked when it reads only KPI gauges, whose labels
/// <see cref="KpiMetricCatalog"/> fixes), else Grafana renders an empty title; and, when the value is the time, a value
/// in milliseconds — a <c>…_timestamp_seconds</c> gauge times 1000 — or every mark lands in January 1970.
/// </summary>
public static partial class AnnotationLint
{
    private static readonly Dictionary<string, KpiMetric> Kpis = KpiMetricCatalog.All.ToDictionary(m => m.Name, StringComparer.Ordinal);

    public static IEnumerable<string> Problems(Dashboard dashboard)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        var queries = dashboard.Annotations.List.Where(a => a.Expr is not null).ToList();
        foreach (var duplicate in dashboard.Annotations.List.GroupBy(a => a.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return $"annotation name '{duplicate.Key}' used {duplicate.Count()} times";
        }
        foreach (var annotation in queries)
        {
            var where = $"annotation '{annotation.Name}'";
            if (annotation.Step is { } step && !Duration().IsMatch(step))
            {
                yield return $"{where}: step '{step}' is not a duration (e.g. 60s, 5m)";
            }
            if (Carried(annotation.Expr!) is { } carried)
            {
                var named = LegendLabel().Matches($"{annotation.TitleFormat} {annotation.TextFormat}").Select(m => m.Groups["label"].Value)
                    .Concat((annotation.TagKeys ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                foreach (var label in named.Distinct(StringComparer.Ordinal).Where(l => !carried.Contains(l)))
                {
                    yield return $"{where}: label '{label}' of its title, text or tags is not on the series of {annotation.Expr}";
                }
            }
            if (annotation.UseValueForTime == true && !Milliseconds().IsMatch(annotation.Expr!))
            {
                yield return $"{where}: uses the value as the time but is not a _timestamp_seconds gauge times 1000 (Grafana reads milliseconds): {annotation.Expr}";
            }
        }
    }

    /// <summary>The labels the expression's series carry; null when it reads anything but KPI gauges (unknown labels).</summary>
    private static HashSet<string>? Carried(string expr)
    {
        var names = MetricName().Matches(expr).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0 || names.Any(n => !Kpis.ContainsKey(n)))
        {
            return null;
        }
        var labels = names.SelectMany(n => Kpis[n].LabelNames).ToHashSet(StringComparer.Ordinal);
        var by = By().Match(expr);
        if (by.Success)
        {
            labels.IntersectWith(by.Groups["labels"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        else if (expr.Contains("without", StringComparison.Ordinal))
        {
            return null;
        }
        return labels;
    }

    [GeneratedRegex(@"^[1-9][0-9]*(ms|s|m|h|d|w|y)$")]
    private static partial Regex Duration();

    [GeneratedRegex(@"\{\{\s*(?<label>[A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex LegendLabel();

    [GeneratedRegex(@"(?<![A-Za-z0-9_:])insights_[a-z0-9_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"\bby\s*\((?<labels>[^)]*)\)")]
    private static partial Regex By();

    [GeneratedRegex(@"_timestamp_seconds\b.*\*\s*1000\s*$")]
    private static partial Regex Milliseconds();
}
