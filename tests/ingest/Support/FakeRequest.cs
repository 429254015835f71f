namespace Platform.Insights.Ingest.Tests.Support;

/// <summary>One request <see cref="FakePrometheus"/> received (times in Unix ms).</summary>
public sealed record FakeRequest(string Path, string Query, long StartMs, long EndMs, long StepMs, string? Authorization)
{
    public long Points => (EndMs - StartMs) / StepMs + 1;
}
