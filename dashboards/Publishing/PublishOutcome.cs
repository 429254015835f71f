namespace Platform.Insights.Dashboards.Publishing;

/// <summary>What publishing did to one dashboard (or, with <c>--dry-run</c>, would do).</summary>
public enum PublishOutcome
{
    Created,
    Updated,
    Unchanged,
    WouldCreate,
    WouldUpdate,
    Failed,
}
