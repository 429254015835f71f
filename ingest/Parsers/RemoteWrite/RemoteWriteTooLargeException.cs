namespace Platform.Insights.Ingest.Parsers.RemoteWrite;

/// <summary>A remote write body or request over a configured size limit (413).</summary>
public sealed class RemoteWriteTooLargeException(string message) : Exception(message);
