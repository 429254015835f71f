namespace Platform.Insights.Ingest.Records;

/// <summary>
/// One Elastic Common Schema event, with the fields the KPIs read lifted out and the original
/// document kept in <see cref="RawJson"/> so later KPIs can read fields not mapped yet.
/// <see cref="EventId"/> is ECS <c>event.id</c>, or a content hash of the document when absent.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LogEvent
{
    [Id(0)] public required string EventId { get; init; }
    [Id(1)] public required DateTimeOffset Timestamp { get; init; }
    [Id(2)] public string? Service { get; init; }
    [Id(3)] public string? Environment { get; init; }
    [Id(4)] public string? ServiceVersion { get; init; }
    [Id(5)] public string? Action { get; init; }
    [Id(6)] public string? Outcome { get; init; }
    [Id(7)] public string? Category { get; init; }
    [Id(8)] public string? Level { get; init; }
    [Id(9)] public string? Message { get; init; }
    [Id(10)] public DateTimeOffset? EventStart { get; init; }
    [Id(11)] public DateTimeOffset? EventEnd { get; init; }
    /// <summary>ECS <c>event.duration</c>, nanoseconds.</summary>
    [Id(12)] public long? DurationNs { get; init; }
    /// <summary>ECS <c>labels.*</c> as a JSON object text, or null.</summary>
    [Id(13)] public string? LabelsJson { get; init; }
    [Id(14)] public required string RawJson { get; init; }
}
