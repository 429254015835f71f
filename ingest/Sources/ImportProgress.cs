namespace Platform.Insights.Ingest.Sources;

/// <summary>Progress of one file import: bytes consumed of the file, records read so far.</summary>
public readonly record struct ImportProgress(string File, long BytesRead, long BytesTotal, long Records);
