namespace Platform.Insights.Host.Runtime;

/// <summary>How one process runs: its role in the data directory, its URL when serving, and option overrides from the command line.</summary>
public sealed record RuntimeSettings(string Mode, string? Url, IReadOnlyDictionary<string, string?> Overrides);
