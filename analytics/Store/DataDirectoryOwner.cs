namespace Platform.Insights.Analytics.Store;

/// <summary>Who holds a data directory: written beside the lock so another process can name it.</summary>
public sealed record DataDirectoryOwner(int ProcessId, string Mode, string? Url, DateTimeOffset Since)
{
    public string Describe() =>
        Url is null
            ? $"insights {Mode} (pid {ProcessId}, since {Since:yyyy-MM-dd HH:mm:ss}Z)"
            : $"insights {Mode} (pid {ProcessId}, {Url}, since {Since:yyyy-MM-dd HH:mm:ss}Z)";
}
