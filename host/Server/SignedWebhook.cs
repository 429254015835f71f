namespace Platform.Insights.Host.Server;

/// <summary>
/// Endpoint metadata: authenticated by the sender's signature over the body instead of a bearer token
/// (GitHub's <c>X-Hub-Signature-256</c> HMAC with <c>Insights:Ingest:Webhooks:GitHubSecret</c>; 401 when it does not
/// match, 503 while no secret is set). The endpoint itself checks it before reading anything into the store.
/// </summary>
public sealed record SignedWebhook;
