namespace Platform.Insights.Dashboards.Publishing;

/// <summary>One dashboard's result: its Grafana <see cref="Version"/> and <see cref="Url"/> after a save, or why it failed.</summary>
public sealed record PublishedDashboard(string Uid, string Title, PublishOutcome Outcome, int? Version, string? Url, string? Error);
