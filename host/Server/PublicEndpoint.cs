namespace Platform.Insights.Host.Server;

/// <summary>
/// Endpoint metadata: answered without a token. Only <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> carry it
/// (probes and scrapers hold no token); every other endpoint needs a <see cref="RequiredScope"/> or is refused.
/// </summary>
public sealed record PublicEndpoint;
