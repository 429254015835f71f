using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Insights.Analytics.Lake;

/// <summary>
/// Merges a partition's small files into one, once per partition across the cluster (<see cref="IPartitionLock"/>).
/// Crash-safe by order: (1) the marker naming the files to merge is written (temporary name, rename), (2) the merged
/// file is written under a temporary name and renamed in — from this instant readers read it instead of the old files
/// (<see cref="PartitionListing"/>) — (3) a later run, once <see cref="LakeOptions.CompactionGrace"/> has passed, deletes
/// the old files, then the marker. A crash after (1) leaves a marker without its file, which readers ignore and the
/// next run removes; after (2), old files that readers already skip. A partition with a marker still in its grace is
/// not compacted again, so markers never chain (a merged file is deleted only after the files it replaced).
/// Under the same lock, writers' temporary files older than <see cref="LakeOptions.StaleTemporaryAge"/> (a crashed
/// writer's) are deleted. Compaction concatenates rows, duplicates and delivery tags included, so the views' answers do not change.
/// </summary>
public sealed partial class LakeCompactor(LakeWriter writer, IPartitionLock partitionLock, IOptions<LakeOptions> options, TimeProvider time,
    LakeMeters meters, ILogger<LakeCompactor> logger)
{
    private readonly LakeOptions _options = options.Value;

    /// <summary>One pass over every partition of every kind.</summary>
    public async Task<IReadOnlyList<PartitionCompaction>> CompactAllAsync(CancellationToken cancellationToken)
    {
        var results = new List<PartitionCompaction>();
        foreach (var kind in LakeKind.All)
        {
            foreach (var partition in writer.Layout.Partitions(kind))
            {
                results.Add(await CompactAsync(kind, partition, cancellationToken));
            }
        }
        return results;
    }

    public async Task<PartitionCompaction> CompactAsync(LakeKind kind, string partitionDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var name = $"{kind.Name}/{Path.GetFileName(partitionDirectory)}";
        await using var held = await partitionLock.TryAcquireAsync(name, cancellationToken);
        if (held is null)
        {
            return Done(kind, new PartitionCompaction(name, "locked", 0, 0, 0));
        }
        try
        {
            var deleted = CleanUp(PartitionListing.Read(partitionDirectory));
            var stale = DeleteStaleTemporary(kind, PartitionListing.Read(partitionDirectory));
            var listing = PartitionListing.Read(partitionDirectory);
            if (listing.Markers.Count > 0)
            {
                return Done(kind, new PartitionCompaction(name, "grace", 0, 0, deleted, stale));
            }
            if (listing.Live.Count < _options.CompactionMinFiles)
            {
                return Done(kind, new PartitionCompaction(name, deleted + stale > 0 ? "cleaned" : "too_few_files", 0, 0, deleted, stale));
            }
            var rows = Merge(partitionDirectory, listing.Live);
            LogCompacted(logger, name, listing.Live.Count, rows);
            return Done(kind, new PartitionCompaction(name, "compacted", listing.Live.Count, rows, deleted, stale));
        }
        catch
        {
            meters.Error("compact");
            throw;
        }
    }

    private long Merge(string directory, IReadOnlyList<string> files)
    {
        var compacted = writer.NextName("compact-");
        var marker = Path.Combine(directory, compacted + LakeLayout.MarkerExtension);
        var markerTemporary = LakeLayout.TemporaryPath(marker);
        File.WriteAllText(markerTemporary, CompactionMarker.Render([.. files.Select(Path.GetFileName).OfType<string>()], time.GetUtcNow()));
        File.Move(markerTemporary, marker, overwrite: false);

        var final = Path.Combine(directory, compacted + LakeLayout.FileExtension);
        var temporary = LakeLayout.TemporaryPath(final);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using (var copy = connection.CreateCommand())
        {
            // The files' own columns only (no hive_partitioning): kind and date stay in the path. A merge of Parquet files
            // stays in DuckDB (no rows pass through .NET); with the writer's compression and row-group size (LakeParquet).
            copy.CommandText = $"COPY (SELECT * FROM read_parquet([{string.Join(", ", files.Select(LakeViews.Quote))}])) TO {LakeViews.Quote(temporary)} " +
                $"(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {LakeParquet.RowGroupRows})";
            copy.ExecuteNonQuery();
        }
        long rows;
        using (var count = connection.CreateCommand())
        {
            count.CommandText = $"SELECT count(*) FROM read_parquet({LakeViews.Quote(temporary)})";
            rows = Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        File.Move(temporary, final, overwrite: false);
        return rows;
    }

    /// <summary>Deletes what earlier compactions left: replaced files past their grace (then the marker), and crashed attempts.</summary>
    private int CleanUp(PartitionListing listing)
    {
        var deleted = 0;
        var now = time.GetUtcNow();
        foreach (var marker in listing.Markers)
        {
            if (!listing.IsInEffect(marker))
            {
                // A compaction that died before renaming its file in: readers never used the marker.
                File.Delete(LakeLayout.TemporaryPath(Path.Combine(listing.Directory, marker.CompactedFile)));
                File.Delete(marker.Path);
                continue;
            }
            if (now - marker.At < _options.CompactionGrace)
            {
                continue;
            }
            foreach (var replaced in marker.Replaces)
            {
                var path = Path.Combine(listing.Directory, replaced);
                if (File.Exists(path))
                {
                    File.Delete(path);
                    deleted++;
                }
            }
            File.Delete(marker.Path);
        }
        // Temporary files of compactions (never of writers, which may be writing theirs now) left by a crash: this
        // compactor holds the partition's lock, so no other compaction of it is running.
        foreach (var temporary in listing.Temporary.Where(t => t.StartsWith(".compact-", StringComparison.Ordinal)))
        {
            File.Delete(Path.Combine(listing.Directory, temporary));
        }
        return deleted;
    }

    /// <summary>
    /// Deletes writers' temporary files unchanged for <see cref="LakeOptions.StaleTemporaryAge"/>: a writer that crashed
    /// between its write and its rename left them, and no process will ever rename them (file names are never
    /// reused, so deleting an old name cannot hit a file being written now). Age is the file's last write against the
    /// injected clock; a file renamed away since the listing is skipped.
    /// </summary>
    private int DeleteStaleTemporary(LakeKind kind, PartitionListing listing)
    {
        var cutoff = time.GetUtcNow() - _options.StaleTemporaryAge;
        var deleted = 0;
        foreach (var temporary in listing.Temporary.Where(t => !t.StartsWith(".compact-", StringComparison.Ordinal)))
        {
            var file = new FileInfo(Path.Combine(listing.Directory, temporary));
            if (file.Exists && file.LastWriteTimeUtc < cutoff.UtcDateTime)
            {
                file.Delete();
                deleted++;
                LogStaleTemporary(logger, temporary, listing.Directory, file.LastWriteTimeUtc);
            }
        }
        if (deleted > 0)
        {
            meters.StaleTemporaryDeleted(kind, deleted);
        }
        return deleted;
    }

    private PartitionCompaction Done(LakeKind kind, PartitionCompaction result)
    {
        meters.Compaction(kind, result.Outcome);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lake: deleted {File} in {Partition}, a crashed writer's temporary file last written {LastWrite:u}")]
    private static partial void LogStaleTemporary(ILogger logger, string file, string partition, DateTime lastWrite);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lake partition {Partition}: {Files} files compacted into one ({Rows} rows)")]
    private static partial void LogCompacted(ILogger logger, string partition, int files, long rows);
}
