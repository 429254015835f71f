namespace Platform.Insights.Ingest.Records;

/// <summary>What a streaming parser yields per input unit: a value, or the error that rejected it.</summary>
public readonly record struct ParsedRecord<T>(T? Value, ParseError? Error, long Line)
    where T : class
{
    public bool IsError => Error is not null;

    public static ParsedRecord<T> Ok(T value, long line) => new(value, null, line);

    public static ParsedRecord<T> Fail(ParseError error) => new(null, error, error.Line);
}
