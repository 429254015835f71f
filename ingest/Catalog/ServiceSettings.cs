using System.Globalization;

namespace Platform.Insights.Ingest.Catalog;

/// <summary>
/// The per-service settings Platform.Insights reads from a Component's <c>insights.platform/*</c> annotations.
/// Values are validated when the catalog file is parsed so a typo fails loudly there, not as a wrong KPI later.
/// </summary>
public sealed record ServiceSettings
{
    public const string AnnotationPrefix = "insights.platform/";

    /// <summary>SLO target in percent, e.g. <c>"99.9"</c>.</summary>
    public const string SloAnnotation = AnnotationPrefix + "slo";

    /// <summary>Billing tags that identify this service's spend, e.g. <c>"service=checkout,app=checkout-api"</c>.</summary>
    public const string CostTagsAnnotation = AnnotationPrefix + "cost-tags";

    /// <summary>Other names this service has in metric labels, e.g. <c>"checkout-api,checkout-worker"</c>.</summary>
    public const string MetricServiceAnnotation = AnnotationPrefix + "metric-service";

    /// <summary>Which availability SLI the uptime KPIs use: <c>probe</c> or <c>requests</c> (default: probe when present).</summary>
    public const string SliAnnotation = AnnotationPrefix + "sli";

    public static ServiceSettings None { get; } = new();

    /// <summary>Availability target in percent, strictly between 0 and 100; null when not annotated.</summary>
    public decimal? SloTarget { get; init; }

    /// <summary>Billing tag key/value pairs; a billing line matching any one of them belongs to this service.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> CostTags { get; init; } = [];

    /// <summary>Alias names used for this service in metric labels (for the series → service mapping).</summary>
    public IReadOnlyList<string> MetricServiceAliases { get; init; } = [];

    /// <summary><c>insights.platform/*</c> keys this version does not know (likely typos; reported as warnings).</summary>
    public IReadOnlyList<string> UnrecognisedKeys { get; init; } = [];

    /// <summary>
    /// Reads the settings from <paramref name="annotations"/>; <paramref name="fail"/> turns
    /// (annotation key, message) into the exception to throw, so the caller can add file and line.
    /// </summary>
    internal static ServiceSettings FromAnnotations(
        IReadOnlyDictionary<string, string> annotations, Func<string, string, Exception> fail)
    {
        decimal? slo = null;
        IReadOnlyList<KeyValuePair<string, string>> costTags = [];
        IReadOnlyList<string> aliases = [];
        var unrecognised = new List<string>();
        foreach (var (key, value) in annotations)
        {
            if (!key.StartsWith(AnnotationPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            switch (key)
            {
                case SloAnnotation:
                    slo = ParseSlo(value) ?? throw fail(key,
                        $"annotation {key} must be a percentage strictly between 0 and 100, e.g. \"99.9\"; got \"{value}\"");
                    break;
                case SliAnnotation when value.Trim() is not ("probe" or "requests"):
                    throw fail(key, $"annotation {key} must be \"probe\" or \"requests\"; got \"{value}\"");
                case SliAnnotation:
                    break;
                case CostTagsAnnotation:
                    costTags = ParseCostTags(key, value, fail);
                    break;
                case MetricServiceAnnotation:
                    aliases = ParseList(key, value, fail);
                    break;
                default:
                    unrecognised.Add(key);
                    break;
            }
        }

        return slo is null && costTags.Count == 0 && aliases.Count == 0 && unrecognised.Count == 0
            ? None
            : new ServiceSettings { SloTarget = slo, CostTags = costTags, MetricServiceAliases = aliases, UnrecognisedKeys = unrecognised };
    }

    private static decimal? ParseSlo(string value)
    {
        var text = value.Trim();
        // "99.9%" is an obvious way to write a percentage; accept it rather than make people guess.
        if (text.EndsWith('%'))
        {
            text = text[..^1].TrimEnd();
        }

        // 100 is excluded: it leaves no error budget, and budget maths would divide by zero.
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var slo)
               && slo > 0m && slo < 100m
            ? slo
            : null;
    }

    private static IReadOnlyList<KeyValuePair<string, string>> ParseCostTags(
        string key, string value, Func<string, string, Exception> fail)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var item in ParseList(key, value, fail))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            var tagKey = eq < 0 ? "" : item[..eq].Trim();
            var tagValue = eq < 0 ? "" : item[(eq + 1)..].Trim();
            if (tagKey.Length == 0 || tagValue.Length == 0)
            {
                throw fail(key, $"annotation {key} must be comma-separated key=value pairs, e.g. \"service=checkout\"; \"{item}\" is not");
            }

            // The same key may appear with several values: each pair is an alternative match.
            if (!pairs.Exists(p => p.Key == tagKey && p.Value == tagValue))
            {
                pairs.Add(new KeyValuePair<string, string>(tagKey, tagValue));
            }
        }

        return pairs;
    }

    private static IReadOnlyList<string> ParseList(string key, string value, Func<string, string, Exception> fail)
    {
        var items = value.Split(',', StringSplitOptions.TrimEntries);
        if (items.Any(i => i.Length == 0))
        {
            throw fail(key, $"annotation {key} must be a comma-separated list with no empty entries; got \"{value}\"");
        }

        return items.Distinct(StringComparer.Ordinal).ToArray();
    }
}
