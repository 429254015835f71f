namespace Platform.Insights.Ingest.Records;

/// <summary>
/// Input that cannot be read at all (a missing mandatory column, malformed YAML, an unknown format):
/// names the file, the line when known, and the field, so the operator can fix the input.
/// </summary>
public sealed class InputFormatException : Exception
{
    public InputFormatException(string file, long? line, string message)
        : base(line is { } l ? $"{file}:{l}: {message}" : $"{file}: {message}")
    {
        File = file;
        Line = line;
        Reason = message;
    }

    public InputFormatException()
    {
        File = "";
        Reason = "";
    }

    public InputFormatException(string message) : base(message)
    {
        File = "";
        Reason = message;
    }

    public InputFormatException(string message, Exception innerException) : base(message, innerException)
    {
        File = "";
        Reason = message;
    }

    public string File { get; }

    public long? Line { get; }

    public string Reason { get; }
}
