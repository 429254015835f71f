namespace Platform.Insights.Demo.Model;

/// <summary>One deployment; times are Unix milliseconds. Versions are assigned when the logs are written.</summary>
internal sealed record PlannedDeployment(
    string EventId,
    string Environment,
    long StartMs,
    long FinishedMs,
    long FirstCommitMs,
    string CommitSha,
    bool Succeeded,
    string? FixesEventId);
