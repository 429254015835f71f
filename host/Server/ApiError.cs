namespace Platform.Insights.Host.Server;

/// <summary>An API error body.</summary>
public sealed record ApiError(string Error, int Status);
