using System.Globalization;
using Apache.Arrow;
using DuckDB.NET.Data;
using Microsoft.Extensions.Options;

namespace Platform.Insights.Analytics.Lake;

/// <summary>
/// Writes rows into the lake: <see cref="Stage(LakeKind, IEnumerable{KeyValuePair{DateOnly, RecordBatch}})"/> writes
/// Apache Arrow record batches, one Parquet file per date partition, under a temporary name (ParquetSharp's Arrow
/// writer, <see cref="LakeParquet"/>; the batches are built from the store writer's staging tables or its records), and <see cref="Publish"/> renames them to
/// <c>&lt;writer&gt;-&lt;seq&gt;.parquet</c>. A rename is atomic on a file system, so a reader sees a whole file or none.
/// </summary>
public sealed class LakeWriter
{
    private readonly TimeProvider _time;
    private readonly LakeMeters _meters;
    private long _last;

    public LakeWriter(LakeViews views, IOptions<LakeOptions> options, LakeWriterName name, TimeProvider time, LakeMeters meters)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(name);
        Views = views;
        WriterId = name.Value;
        _time = time;
        _meters = meters;
    }

    public LakeViews Views { get; }

    public LakeLayout Layout => Views.Layout;

    public string WriterId { get; }

    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>
    /// A file name unique to this writer and increasing: the clock in microseconds, bumped when two files would share one.
    /// Another process with the same writer id cannot exist (it would hold the same data directory).
    /// </summary>
    public string NextName(string prefix = "")
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        long seq;
        long last;
        do
        {
            last = Interlocked.Read(ref _last);
            seq = Math.Max(now, last + 1);
        }
        while (Interlocked.CompareExchange(ref _last, seq, last) != last);
        return $"{prefix}{WriterId}-{seq.ToString("D17", CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// Writes <paramref name="relation"/> (a table or view of the connection) to temporary files, one per date: its rows
    /// become Arrow record batches (<see cref="LakeBatches"/>) that ParquetSharp writes (<see cref="LakeParquet"/>).
    /// </summary>
    public IReadOnlyList<LakeFile> Stage(DuckDBConnection connection, LakeKind kind, string relation)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(kind);
        return Stage(kind, LakeBatches.Read(connection, kind, relation));
    }

    /// <summary>Writes one record batch per date to temporary files of <paramref name="kind"/>'s date partitions.</summary>
    public IReadOnlyList<LakeFile> Stage(LakeKind kind, IEnumerable<KeyValuePair<DateOnly, RecordBatch>> batches)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(batches);
        var files = new List<LakeFile>();
        try
        {
            foreach (var (date, batch) in batches)
            {
                using (batch)
                {
                    var directory = Layout.PartitionDirectory(kind, date);
                    Directory.CreateDirectory(directory);
                    var final = Path.Combine(directory, NextName() + LakeLayout.FileExtension);
                    var temporary = LakeLayout.TemporaryPath(final);
                    LakeParquet.Write(temporary, batch.Schema, [batch]);
                    files.Add(new LakeFile(kind, temporary, final, batch.Length));
                }
            }
            return files;
        }
        catch
        {
            Discard(files);
            throw;
        }
    }

    /// <summary>Renames the files to their final names, in order; on a failure the ones not yet renamed are deleted.</summary>
    public void Publish(IReadOnlyList<LakeFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        for (var i = 0; i < files.Count; i++)
        {
            try
            {
                File.Move(files[i].TemporaryPath, files[i].FinalPath, overwrite: false);
                _meters.Written(files[i].Kind, files[i].Rows);
            }
            catch
            {
                _meters.Error("publish");
                Discard(files.Skip(i).ToList());
                throw;
            }
        }
    }

    public static void Discard(IEnumerable<LakeFile> files)
    {
        foreach (var file in files ?? [])
        {
            File.Delete(file.TemporaryPath);
        }
    }
}
