using System.ComponentModel.DataAnnotations;

namespace Platform.Insights.Analytics.Lake;

/// <summary>
/// The shared Parquet lake of cluster mode (section <c>Insights:Lake</c>): every silo's store writer publishes its rows
/// there and KPI queries read them with DuckDB. Used only when <c>Insights:Mode = Cluster</c>; then <c>Root</c> is required.
/// </summary>
public sealed class LakeOptions
{
    public const string Section = "Insights:Lake";

    /// <summary>The lake's root directory, shared by every silo (a shared file system; docs/ARCHITECTURE.md for object stores).</summary>
    public string Root { get; set; } = "";

    /// <summary>
    /// This writer's name in file names (<c>&lt;writer&gt;-&lt;seq&gt;.parquet</c>). Empty: the host name and a hash of the data
    /// directory, which is unique because a data directory has one writer.
    /// </summary>
    [RegularExpression("^[A-Za-z0-9_.]*$", ErrorMessage = "Insights:Lake:WriterId may hold letters, digits, '_' and '.' only")]
    public string WriterId { get; set; } = "";

    /// <summary>How often a silo looks for partitions to compact (each is compacted by one silo at a time).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Insights:Lake:CompactionInterval must be between 1 s and 7 days")]
    public TimeSpan CompactionInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long files a compaction replaced stay on disk (unread) before they are deleted, so a query that listed
    /// them just before the compacted file appeared can still finish.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "Insights:Lake:CompactionGrace must be between 0 and 7 days")]
    public TimeSpan CompactionGrace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A partition is compacted once it has at least this many live files.</summary>
    [Range(2, 100_000, ErrorMessage = "Insights:Lake:CompactionMinFiles must be between 2 and 100000")]
    public int CompactionMinFiles { get; set; } = 8;

    /// <summary>
    /// How long a writer's hidden <c>.tmp</c> file may stay unchanged before the compactor deletes it as left by a
    /// crashed writer. A live writer rewrites its file within seconds (one batch, one Parquet write) and renames it at
    /// once, so an hour without a write means no process will rename it; too short would delete a slow writer's file.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Insights:Lake:StaleTemporaryAge must be between 1 min and 30 days")]
    public TimeSpan StaleTemporaryAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Failures of this section for cluster mode, each naming its key; empty when the options are usable.</summary>
    public IReadOnlyList<string> ClusterModeFailures()
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(Root))
        {
            failures.Add($"{Section}:Root is required in cluster mode (the shared directory of the Parquet lake)");
        }
        else if (Root.Contains('\'', StringComparison.Ordinal))
        {
            failures.Add($"{Section}:Root must not contain a quote (it is put into DuckDB statements)");
        }
        return failures;
    }
}
