using Platform.Insights.Ingest.Sinks;

namespace Platform.Insights.Ingest.Grains;

/// <summary>What an <see cref="ImportGrain"/> persists.</summary>
[GenerateSerializer]
public sealed class ImportState
{
    [Id(0)] public ImportRecord? Current { get; set; }
    [Id(1)] public int Attempts { get; set; }
}
