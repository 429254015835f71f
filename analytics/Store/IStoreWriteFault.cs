using DuckDB.NET.Data;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// The file system boundary of the store writer's commit, for tests: a disk that fills up or turns read-only is
/// simulated by throwing the <see cref="IOException"/> the OS would give, right before DuckDB commits. Tests run as
/// root (chmod does not stop root) and mounting a small file system needs privileges, so the failure is injected
/// here; production registers none. The real DuckDB path (a full tmpfs) is recorded in RELIABILITY.md section 2.
/// </summary>
public interface IStoreWriteFault
{
    /// <summary>Throws when writes into <paramref name="directory"/> should fail now.</summary>
    void ThrowIfFailing(string directory);

    /// <summary>
    /// Called on every (re)opened DuckDB instance before its configuration is locked: a test makes DuckDB's own automatic
    /// checkpoint fail here (<c>debug_checkpoint_abort</c>), which invalidates the instance exactly as a disk that fills up
    /// during a checkpoint does.
    /// </summary>
    void Configure(DuckDBConnection connection)
    {
    }
}
