namespace Platform.Insights.Ingest.Parsers.Webhooks;

/// <summary>
/// A finished deployment as a webhook reported it, before it becomes an ECS deployment event: <see cref="EventId"/> is
/// stable for the delivery's subject (a redelivery carries the same one), <see cref="CatalogAnnotation"/> /
/// <see cref="CatalogKey"/> find the catalog service, else <see cref="Name"/> is the service. <see cref="FirstCommit"/> starts
/// the lead time, when the payload carries one.
/// </summary>
public sealed record DeploymentNotice(
    string Provider,
    string EventId,
    DateTimeOffset FinishedAt,
    DateTimeOffset? StartedAt,
    string Outcome,
    string? Environment,
    string Name,
    string CatalogAnnotation,
    string CatalogKey,
    string? CommitSha,
    string? Version,
    string? Url,
    IReadOnlyDictionary<string, string> Labels,
    FirstCommit? FirstCommit = null);
