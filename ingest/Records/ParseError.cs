namespace Platform.Insights.Ingest.Records;

/// <summary>A rejected input line: where it was and why, in words an operator can act on, and the reason's code (<see cref="DropReasons"/>).</summary>
public sealed record ParseError(string File, long Line, string Message, string Reason = DropReasons.Invalid)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}
