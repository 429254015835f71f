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

    /// <summary>
    /// The field of a GitHub deployment's <c>payload</c> (dotted for nested: <c>insights.first_commit_at</c>) holding when
    /// the change was first committed (RFC 3339); it starts the deployment's lead time.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression(@"^[^.\s]+(\.[^.\s]+)*$", ErrorMessage = "Insights:Ingest:Webhooks:GitHubFirstCommitField must be a field name or a dotted path of field names")]
    public string GitHubFirstCommitField { get; set; } = "first_commit_at";

    /// <summary>The environment of an Argo CD notification that names none (DORA counts production deployments).</summary>
    public string ArgoCdEnvironment { get; set; } = "production";

    /// <summary>Largest webhook body accepted (GitHub caps payloads at 25 MB; deployment events are a few KB).</summary>
    [Range(1024, 1 << 30)]
    public int MaxBodyBytes { get; set; } = 1 << 20;
}
