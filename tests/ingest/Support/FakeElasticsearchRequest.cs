namespace Platform.Insights.Ingest.Tests.Support;

/// <summary>
/// One request <see cref="FakeElasticsearch"/> received; <see cref="Operation"/> is open_pit, search, close_pit or other;
/// <see cref="Accept"/> and <see cref="ContentType"/> are the headers as sent (null when absent).
/// </summary>
public sealed record FakeElasticsearchRequest(
    string Method, string Path, string Query, string Operation, string Body, string? Authorization, string? Accept = null, string? ContentType = null);
