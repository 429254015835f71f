using System.Text.RegularExpressions;

namespace Platform.Insights.Dashboards.Checks;

/// <summary>
/// Grafana's variable syntax in queries and URLs — <c>$name</c>, <c>${name}</c>, <c>${name:format}</c>,
/// <c>[[name]]</c> — found and substituted. Names starting with <c>__</c> are Grafana's built-ins
/// (<c>$__rate_interval</c>, <c>${__field.labels.team}</c>, <c>${__url_time_range}</c>).
/// </summary>
public static partial class VariableReferences
{
    public static bool IsBuiltIn(string name) => name.StartsWith("__", StringComparison.Ordinal);

    public static IEnumerable<string> Names(string text) =>
        Reference().Matches(text).Select(m => Name(m));

    /// <summary>Replaces every reference whose name <paramref name="value"/> resolves; unresolved ones are kept.</summary>
    public static string Substitute(string text, Func<string, string?> value) =>
        Reference().Replace(text, m => value(Name(m)) ?? m.Value);

    private static string Name(Match m) =>
        m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Success ? m.Groups["plain"].Value : m.Groups["old"].Value;

    [GeneratedRegex(@"\$\{(?<braced>[A-Za-z0-9_.]+)(?::[^}]*)?\}|\$(?<plain>[A-Za-z_][A-Za-z0-9_]*)|\[\[(?<old>[A-Za-z0-9_]+)(?::[^\]]*)?\]\]")]
    private static partial Regex Reference();
}
