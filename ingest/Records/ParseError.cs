namespace Platform.Insights.Ingest.Records;

/// <summary>A rejected input line: where it was and why, in words an operator can act on.</summary>
public sealed record ParseError(string File, long Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}
