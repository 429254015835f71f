namespace Platform.Insights.Demo;

/// <summary>Lines written so far to one output file; <see cref="Completed"/> is true on its last report.</summary>
public sealed record DemoProgress(string Path, DemoFileKind Kind, long LinesWritten, bool Completed);
