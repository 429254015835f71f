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
    /// DuckDB's memory limit for this process (its buffer pool otherwise grows to 80% of RAM while importing),
    /// e.g. <c>1GB</c>, <c>512MiB</c>.
    /// </summary>
    [RegularExpression(@"^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", ErrorMessage = "Insights:MemoryLimit must look like 1GB or 512MiB")]
    public string MemoryLimit { get; set; } = "1GB";

    /// <summary>Write requests that may wait for the writer before callers are held back (back-pressure).</summary>
    [Range(1, 100_000)]
    public int WriteQueueLength { get; set; } = 256;
}
