namespace Platform.Insights.Ingest.Parsers;

/// <summary>What one line of exposition text turned out to be.</summary>
internal enum ExpositionLine
{
    Skip,
    Sample,
    Error,
    EndOfFile,
}
