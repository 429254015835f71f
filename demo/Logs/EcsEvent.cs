namespace Platform.Insights.Demo.Logs;

/// <summary>One log event before rendering; times are Unix milliseconds, durations nanoseconds (ECS).</summary>
internal sealed class EcsEvent
{
    public required long TimestampMs { get; init; }
    public required string Id { get; init; }
    public required string Dataset { get; init; }
    public required string Service { get; init; }
    public required string Environment { get; init; }
    public required string Message { get; init; }
    public string? Action { get; init; }
    public string? Outcome { get; init; }
    public string? Version { get; init; }
    public string? Level { get; init; }
    public string? ErrorType { get; init; }
    public long? StartMs { get; init; }
    public long? EndMs { get; init; }
    public long? DurationNs { get; init; }
    public int? Severity { get; init; }

    /// <summary>ECS <c>labels</c>: flat string keys and values, written in this order.</summary>
    public List<KeyValuePair<string, string>>? Labels { get; init; }

    public static int Compare(EcsEvent a, EcsEvent b) =>
        a.TimestampMs != b.TimestampMs ? a.TimestampMs.CompareTo(b.TimestampMs) : string.CompareOrdinal(a.Id, b.Id);
}
