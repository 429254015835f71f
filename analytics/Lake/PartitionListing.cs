namespace Platform.Insights.Analytics.Lake;

/// <summary>
/// One listing of a partition directory and what it means. A compaction writes its marker
/// (<c>compact-W-S.replaces</c>: the names it merged) first and renames its file <c>compact-W-S.parquet</c> in second;
/// a marker counts only once its file exists. So from any single listing the live files are all <c>*.parquet</c> minus
/// those named by a marker whose file is listed: before the rename the old files are live, after it the merged one —
/// never both, never neither. The old files are deleted only a grace period later (and only then the marker), so a
/// listing cannot miss them in between.
/// </summary>
public sealed class PartitionListing
{
    private PartitionListing(string directory, IReadOnlyList<string> live, IReadOnlyList<CompactionMarker> markers, IReadOnlyList<string> temporary)
    {
        Directory = directory;
        Live = live;
        Markers = markers;
        Temporary = temporary;
    }

    public string Directory { get; }

    /// <summary>Full paths of the files a reader must read, in name order.</summary>
    public IReadOnlyList<string> Live { get; }

    public IReadOnlyList<CompactionMarker> Markers { get; }

    /// <summary>Names of temporary files (being written, or left by a crash).</summary>
    public IReadOnlyList<string> Temporary { get; }

    public static PartitionListing Read(string directory)
    {
        var names = System.IO.Directory.Exists(directory)
            ? System.IO.Directory.EnumerateFiles(directory).Select(Path.GetFileName).OfType<string>().ToList()
            : [];
        var parquet = names.Where(n => n.EndsWith(LakeLayout.FileExtension, StringComparison.Ordinal) && !n.StartsWith('.')).ToHashSet(StringComparer.Ordinal);
        var markers = names.Where(n => n.EndsWith(LakeLayout.MarkerExtension, StringComparison.Ordinal) && !n.StartsWith('.'))
            .Select(n => CompactionMarker.Read(Path.Combine(directory, n)))
            .OfType<CompactionMarker>()
            .ToList();
        var retired = markers.Where(m => parquet.Contains(m.CompactedFile)).SelectMany(m => m.Replaces).ToHashSet(StringComparer.Ordinal);
        var live = parquet.Where(n => !retired.Contains(n)).Order(StringComparer.Ordinal).Select(n => Path.Combine(directory, n)).ToList();
        var temporary = names.Where(n => n.EndsWith(LakeLayout.TemporaryExtension, StringComparison.Ordinal)).ToList();
        return new PartitionListing(directory, live, markers, temporary);
    }

    /// <summary>Whether the marker's merged file was in this listing (then the files it replaces are retired).</summary>
    public bool IsInEffect(CompactionMarker marker) => File.Exists(Path.Combine(Directory, marker.CompactedFile));
}
