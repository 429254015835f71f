using System.Globalization;

namespace Platform.Insights.Analytics.Lake;

/// <summary>
/// Where things are in the lake: <c>ROOT/kind=K/date=YYYY-MM-DD/&lt;writer&gt;-&lt;seq&gt;.parquet</c> (Hive partitioning), and
/// which files of a partition are live. A file becomes visible by being renamed in under its final name, so a
/// reader never sees half a file; a compaction's <c>.replaces</c> marker retires the files it merged, see
/// <see cref="PartitionListing"/>.
/// </summary>
public sealed class LakeLayout(string root)
{
    public const string FileExtension = ".parquet";
    public const string MarkerExtension = ".replaces";
    public const string TemporaryExtension = ".tmp";

    public string Root { get; } = Path.GetFullPath(root);

    public string KindDirectory(LakeKind kind) => Path.Combine(Root, "kind=" + kind.Name);

    public string PartitionDirectory(LakeKind kind, DateOnly date) =>
        Path.Combine(KindDirectory(kind), "date=" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>The partition directories of a kind (none when the kind has no data yet).</summary>
    public IReadOnlyList<string> Partitions(LakeKind kind)
    {
        var directory = KindDirectory(kind);
        return Directory.Exists(directory)
            ? [.. Directory.EnumerateDirectories(directory, "date=*").Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>Every live file of a kind, from one listing per partition.</summary>
    public IReadOnlyList<string> LiveFiles(LakeKind kind) => [.. Partitions(kind).SelectMany(p => PartitionListing.Read(p).Live)];

    /// <summary>The temporary name a file is written under before it is renamed to <paramref name="finalPath"/>.</summary>
    public static string TemporaryPath(string finalPath) =>
        Path.Combine(Path.GetDirectoryName(finalPath)!, "." + Path.GetFileName(finalPath) + TemporaryExtension);
}
