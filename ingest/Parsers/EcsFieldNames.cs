namespace Platform.Insights.Ingest.Parsers;

/// <summary>
/// Where a source's documents keep each ECS field the event rows need (configuration key <c>Fields</c> of a source).
/// Defaults are the Elastic Common Schema names; an index written by another shipper can name them differently
/// (e.g. <c>Timestamp: "timestamp"</c>, <c>ServiceName: "kubernetes.labels.app"</c>). Nested objects and dotted keys
/// reach the same name, as in the NDJSON import.
/// </summary>
public sealed class EcsFieldNames
{
    public string Timestamp { get; set; } = "@timestamp";

    public string EventId { get; set; } = "event.id";

    public string ServiceName { get; set; } = "service.name";

    public string ServiceEnvironment { get; set; } = "service.environment";

    public string ServiceVersion { get; set; } = "service.version";

    public string EventAction { get; set; } = "event.action";

    public string EventOutcome { get; set; } = "event.outcome";

    public string EventCategory { get; set; } = "event.category";

    public string LogLevel { get; set; } = "log.level";

    public string Message { get; set; } = "message";

    public string EventStart { get; set; } = "event.start";

    public string EventEnd { get; set; } = "event.end";

    /// <summary>Nanoseconds, as ECS.</summary>
    public string EventDuration { get; set; } = "event.duration";

    /// <summary>The object whose keys become the event's labels (ECS <c>labels</c>).</summary>
    public string Labels { get; set; } = "labels";

    /// <summary>(configured name, ECS name) for every field, labels excluded.</summary>
    public IEnumerable<(string Configured, string Ecs, string Key)> Pairs()
    {
        yield return (Timestamp, "@timestamp", nameof(Timestamp));
        yield return (EventId, "event.id", nameof(EventId));
        yield return (ServiceName, "service.name", nameof(ServiceName));
        yield return (ServiceEnvironment, "service.environment", nameof(ServiceEnvironment));
        yield return (ServiceVersion, "service.version", nameof(ServiceVersion));
        yield return (EventAction, "event.action", nameof(EventAction));
        yield return (EventOutcome, "event.outcome", nameof(EventOutcome));
        yield return (EventCategory, "event.category", nameof(EventCategory));
        yield return (LogLevel, "log.level", nameof(LogLevel));
        yield return (Message, "message", nameof(Message));
        yield return (EventStart, "event.start", nameof(EventStart));
        yield return (EventEnd, "event.end", nameof(EventEnd));
        yield return (EventDuration, "event.duration", nameof(EventDuration));
    }

    /// <summary>Configuration problems, each naming its key under <paramref name="prefix"/>.</summary>
    public IEnumerable<string> Problems(string prefix)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (configured, _, key) in Pairs())
        {
            if (string.IsNullOrWhiteSpace(configured))
            {
                yield return $"{prefix}:{key} must name a field";
            }
            else if (!seen.TryAdd(configured, key))
            {
                yield return $"{prefix}:{key} '{configured}' is also {prefix}:{seen[configured]}";
            }
        }
        if (string.IsNullOrWhiteSpace(Labels))
        {
            yield return $"{prefix}:Labels must name an object field";
        }
    }
}
