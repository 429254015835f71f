namespace Platform.Insights.Ingest.Parsers.Webhooks;

/// <summary>A webhook body read: a finished deployment, or why there is none (<see cref="Ignored"/>: valid but not a finished deployment).</summary>
public sealed record WebhookParse(DeploymentNotice? Notice, string? Error, bool Ignored)
{
    public static WebhookParse Of(DeploymentNotice notice) => new(notice, null, false);

    public static WebhookParse Invalid(string error) => new(null, error, false);

    public static WebhookParse Skip(string reason) => new(null, reason, true);
}
