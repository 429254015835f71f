namespace Platform.Insights.Ingest.Parsers;

/// <summary>The ECS fields a <see cref="EcsEventReader"/> collects from one document before building the event.</summary>
internal struct EcsFields
{
    public DateTimeOffset? Timestamp;
    public DateTimeOffset? Start;
    public DateTimeOffset? End;
    public long? DurationNs;
    public string? EventId;
    public string? Service;
    public string? Environment;
    public string? ServiceVersion;
    public string? Action;
    public string? Outcome;
    public string? Category;
    public string? Level;
    public string? Message;
}
