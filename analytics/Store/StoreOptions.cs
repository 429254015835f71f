using System.ComponentModel.DataAnnotations;

namespace Platform.Insights.Analytics.Store;

/// <summary>Where the store lives (<c>Insights:Data</c>, env <c>INSIGHTS_DATA</c>, CLI <c>--data</c>).</summary>
public sealed class StoreOptions
{
    public const string Section = "Insights";

    /// <summary>The data directory: the DuckDB file, the lock, report files.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Data { get; set; } = "data";

    /// <summary>Rows the store writer gathers into one transaction at most.</summary>
    [Range(1_000, 10_000_000)]
    public int WriteBatchRows { get; set; } = 200_000;

    /// <summary>
    /// Bytes of row text (log documents, messages, labels; ~64 per metric sample) the store writer gathers into one
    /// transaction at most. DuckDB holds a transaction's rows in memory until it commits, twice for logs (the staging table
    /// and the insert), so this — not the row count — bounds a log import's memory: 200,000 log rows of ~1 KB would be
    /// ~400 MB (BENCHMARKS.md §16a).
    /// </summary>
    [Range(1_048_576, 1_073_741_824)]
    public int WriteBatchBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>
    /// DuckDB's memory limit for this process (its buffer pool otherwise grows to 80% of RAM while importing: it keeps the
    /// pages of every table written, so a log import's memory would grow with the file), e.g. <c>1GB</c>, <c>512MiB</c>.
    /// Unset: a quarter of the memory available to the process (the machine's, or the container's limit), at most 1 GiB
    /// (<see cref="ResolveMemoryLimit"/>).
    /// </summary>
    [RegularExpression(@"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", ErrorMessage = "Insights:MemoryLimit must look like 1GB or 512MiB")]
    public string? MemoryLimit { get; set; }

    /// <summary>
    /// The limit given to DuckDB: <see cref="MemoryLimit"/> when set, else a quarter of <paramref name="availableBytes"/>
    /// (at least 128 MiB, at most 1 GiB), in MiB. A quarter leaves the rest for the .NET heap, the allocator's slack and
    /// other processes on a small machine; 1 GiB is where the benchmarks stopped gaining (BENCHMARKS.md §3, §16a).
    /// </summary>
    public string ResolveMemoryLimit(long availableBytes) =>
        string.IsNullOrWhiteSpace(MemoryLimit) ? $"{DefaultMemoryLimitMiB(availableBytes)}MiB" : MemoryLimit;

    /// <summary>
    /// DuckDB's memory limit for a one-shot <c>insights import</c> process, whose store serves no queries but its own writes,
    /// e.g. <c>128MiB</c>. Each checkpoint of the log table re-compresses its last row group and reads pages back; under the
    /// server's limit those pages stayed in the buffer pool and the import's peak grew with the file (BENCHMARKS.md §16b,
    /// §16c). Unset: <see cref="MemoryLimit"/> when that is set, else 128 MiB — the floor of the machine default, so the
    /// store already runs every import under it on a small machine.
    /// </summary>
    [RegularExpression(@"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", ErrorMessage = "Insights:ImportMemoryLimit must look like 128MiB or 1GB")]
    public string? ImportMemoryLimit { get; set; }

    /// <summary>The limit given to DuckDB in an import process (<see cref="ImportMemoryLimit"/>).</summary>
    public string ResolveImportMemoryLimit()
    {
        if (!string.IsNullOrWhiteSpace(ImportMemoryLimit))
        {
            return ImportMemoryLimit;
        }
        return string.IsNullOrWhiteSpace(MemoryLimit) ? "128MiB" : MemoryLimit;
    }

    /// <summary>
    /// The limit given to DuckDB in an <c>insights demo</c> process: <see cref="MemoryLimit"/> when set, else 256 MiB. The
    /// demo's peak was the uptime KPIs' hash aggregate over its 3.5M samples, which under the machine default (≤ 1 GiB) took
    /// RSS to ~800 MiB; at 256 MiB the same run peaked at 614 MiB (BENCHMARKS.md §16d). The server keeps the machine default.
    /// </summary>
    public string ResolveDemoMemoryLimit() => string.IsNullOrWhiteSpace(MemoryLimit) ? "256MiB" : MemoryLimit;

    private static long DefaultMemoryLimitMiB(long availableBytes)
    {
        const long mib = 1024 * 1024;
        if (availableBytes <= 0)
        {
            // The runtime could not tell (no limit known): the ceiling.
            return 1024;
        }
        return Math.Clamp(availableBytes / 4, 128 * mib, 1024 * mib) / mib;
    }

    /// <summary>
    /// How long the store writer waits for more remote-write appends before committing a transaction that is not full
    /// (<c>Insights:WriteLinger</c>; 0 = commit whatever is queued at once). One remote-write request reaches the writer as
    /// one append per service, at slightly different times, so without the wait a transaction held about one request's
    /// worth (BENCHMARKS.md §20, §22); callers are still answered only after the commit. Batches without sample columns
    /// (logs, rows appended directly) do not wait; the wait runs on real time, not on <c>TimeProvider</c>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan WriteLinger { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// DuckDB's <c>threads</c> (<c>Insights:Threads</c>): the worker threads of the whole store, readers included (DuckDB has
    /// no per-connection setting). Unset: DuckDB's default, one per core.
    /// </summary>
    [Range(1, 1024, ErrorMessage = "Insights:Threads must be between 1 and 1024")]
    public int? Threads { get; set; }

    /// <summary>
    /// DuckDB's threads for a store in the given role: <see cref="Threads"/> when set; else one for a one-shot
    /// <c>insights import</c>, whose appends and commits leave a second DuckDB thread nothing but waiting on its task queue
    /// (8–16 % of a CUR or log import's CPU at the same wall time, BENCHMARKS.md §36); else DuckDB's default.
    /// </summary>
    public int? ResolveThreads(StoreRole role)
    {
        ArgumentNullException.ThrowIfNull(role);
        return Threads ?? (role.IsImport ? 1 : null);
    }

    /// <summary>Write requests that may wait for the writer before callers are held back (back-pressure).</summary>
    [Range(1, 100_000)]
    public int WriteQueueLength { get; set; } = 256;
}
