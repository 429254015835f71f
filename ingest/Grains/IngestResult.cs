namespace Platform.Insights.Ingest.Grains;

/// <summary>What a batch came to: received = stored + duplicates.</summary>
[GenerateSerializer, Immutable]
public readonly record struct IngestResult(
    [property: Id(0)] long Received,
    [property: Id(1)] long Stored,
    [property: Id(2)] long Duplicates)
{
    public static IngestResult operator +(IngestResult a, IngestResult b) =>
        new(a.Received + b.Received, a.Stored + b.Stored, a.Duplicates + b.Duplicates);

    public static IngestResult Add(IngestResult a, IngestResult b) => a + b;
}
