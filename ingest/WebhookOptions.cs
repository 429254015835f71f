using System.ComponentModel.DataAnnotations;

namespace Platform.Insights.Ingest;

/// <summary>Deployment webhooks (section <c>Insights:Ingest:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Insights:Ingest:Webhooks";

    /// <summary>
    /// The secret of the GitHub webhook: every delivery's <c>X-Hub-Signature-256</c> (HMAC-SHA256 of the body) is checked
    /// against it. Unset = <c>POST /api/v1/webhooks/github</c> refuses every delivery (GitHub cannot send a bearer token).
    /// </summary>
    public string? GitHubSecret { get; set; }

    /// <summary>The environment of an Argo CD notification that names none (DORA counts production deployments).</summary>
    public string ArgoCdEnvironment { get; set; } = "production";

    /// <summary>Largest webhook body accepted (GitHub caps payloads at 25 MB; deployment events are a few KB).</summary>
    [Range(1024, 1 << 30)]
    public int MaxBodyBytes { get; set; } = 1 << 20;
}
