using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// Which service a series or event belongs to: the first of the configured label names it carries
/// (<c>service</c>, <c>app</c>, <c>job</c> by default), else <see cref="Unmapped"/> — kept and counted, never dropped.
/// </summary>
public sealed class ServiceRouting(IReadOnlyList<string> serviceLabels)
{
    public const string Unmapped = "_unmapped";

    public IReadOnlyList<string> ServiceLabels { get; } = serviceLabels;

    public string ServiceOf(MetricSample sample) => ServiceOf(sample.Labels);

    public string ServiceOf(Label[] labels)
    {
        foreach (var name in ServiceLabels)
        {
            if (ValueOf(labels, name) is { Length: > 0 } value)
            {
                return value;
            }
        }
        return Unmapped;
    }

    private static string? ValueOf(Label[] labels, string name)
    {
        foreach (var label in labels)
        {
            if (string.Equals(label.Name, name, StringComparison.Ordinal))
            {
                return label.Value;
            }
        }
        return null;
    }

    public static string ServiceOf(LogEvent logEvent) => logEvent.Service is { Length: > 0 } service ? service : Unmapped;

    /// <summary>Groups a batch by service, keeping each service's records in input order.</summary>
    public Dictionary<string, List<TRecord>> Split<TRecord>(IEnumerable<TRecord> records, Func<TRecord, string> serviceOf)
    {
        var byService = new Dictionary<string, List<TRecord>>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var service = serviceOf(record);
            if (!byService.TryGetValue(service, out var list))
            {
                byService[service] = list = [];
            }
            list.Add(record);
        }
        return byService;
    }
}
