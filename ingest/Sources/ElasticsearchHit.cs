using Elastic.Clients.Elasticsearch;

namespace Platform.Insights.Ingest.Sources;

/// <summary>One document of a page: where it is, its <c>_source</c> as JSON text, and its sort values.</summary>
public sealed record ElasticsearchHit(string Index, string? Id, string Source, IReadOnlyList<FieldValue> Sort);
