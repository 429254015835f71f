namespace Platform.Insights.Ingest.Sources;

/// <summary>What one webhook delivery came to.</summary>
public sealed record WebhookResult(WebhookOutcome Outcome, string Message, string? EventId = null, string? Service = null, string? DeploymentOutcome = null);
