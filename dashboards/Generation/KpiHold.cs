using System.Text.RegularExpressions;
using Platform.Insights.Dashboards.Kpis;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>
/// Wraps every selector of a KPI gauge (docs/METRICS.md) in <c>last_over_time(…[1h])</c>. The gauges are refreshed every
/// few minutes and the history backfill writes one point an hour, while Prometheus looks back only 5 minutes from each
/// evaluation: a plain selector would draw the history as isolated dots and go blank between refreshes.
/// </summary>
public static partial class KpiHold
{
    public const string Window = "1h";

    private static readonly HashSet<string> Gauges = [.. KpiMetricCatalog.All.Select(m => m.Name)];

    public static string Apply(string expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        return Selector().Replace(expr, m =>
        {
            if (!Gauges.Contains(m.Groups["name"].Value))
            {
                return m.Value;
            }
            var before = expr[..m.Index].TrimEnd();
            return before.EndsWith("last_over_time(", StringComparison.Ordinal) ? m.Value : $"last_over_time({m.Value}[{Window}])";
        });
    }

    // A metric name with its optional label matchers, not already followed by a range ([…]) and not part of a longer name.
    [GeneratedRegex(@"(?<![A-Za-z0-9_:])(?<name>insights_[a-z0-9_]+)(?:\{[^{}]*\})?(?!\s*\[)(?![A-Za-z0-9_:{])")]
    private static partial Regex Selector();
}
