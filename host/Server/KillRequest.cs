namespace Platform.Insights.Host.Server;

/// <summary>Body of <c>POST /api/v1/cleanup/kill</c>.</summary>
public sealed record KillRequest(string? Reason);
