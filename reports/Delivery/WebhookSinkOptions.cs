namespace Platform.Insights.Reports.Delivery;

/// <summary>The webhook sink (<c>Insights:Reports:Webhook</c>): URL and retries with exponential backoff.</summary>
public sealed class WebhookSinkOptions
{
    public string Url { get; set; } = "";

    public int MaxRetries { get; set; } = 3;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
