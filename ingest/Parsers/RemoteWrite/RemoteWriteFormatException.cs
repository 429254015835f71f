namespace Platform.Insights.Ingest.Parsers.RemoteWrite;

/// <summary>
/// A remote write body that does not decode (corrupt snappy, truncated or malformed protobuf): the whole request
/// is a bad request (400). The only exception the decoder lets out, whatever the input.
/// </summary>
public sealed class RemoteWriteFormatException(string message, Exception? inner = null) : Exception(message, inner);
