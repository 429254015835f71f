using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Tests.Support;

/// <summary>A data directory that can be made full or read-only and given back, with the OS's own words for each.</summary>
public sealed class SwitchableDiskFault : IStoreWriteFault
{
    private volatile string? _failure;

    public void DiskFull() => _failure = "No space left on device";

    public void ReadOnly() => _failure = "Read-only file system";

    public void Recover() => _failure = null;

    public void ThrowIfFailing(string directory)
    {
        if (_failure is { } failure)
        {
            throw new IOException($"Could not write file \"{Path.Combine(directory, "insights.duckdb.wal")}\": {failure}");
        }
    }
}
