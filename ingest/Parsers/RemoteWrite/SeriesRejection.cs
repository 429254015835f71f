namespace Platform.Insights.Ingest.Parsers.RemoteWrite;

/// <summary>A series of a remote write request that was not stored: why, its labels as sent (shortened), its sample count.</summary>
public readonly record struct SeriesRejection(string Reason, string Series, int Samples);
