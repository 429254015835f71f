namespace Platform.Insights.Analytics.Store;

/// <summary>What this process is, as written into the data directory's owner file (e.g. "serve" at a URL, or a CLI verb).</summary>
public sealed record StoreRole(string Mode, string? Url = null);
