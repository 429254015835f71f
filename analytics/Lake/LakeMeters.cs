using Prometheus;

namespace Platform.Insights.Analytics.Lake;

/// <summary>The lake's counters on <c>/metrics</c>: files and rows published per kind, compactions by outcome,
/// stale temporary files deleted, errors.</summary>
public sealed class LakeMeters
{
    private readonly Counter _files;
    private readonly Counter _rows;
    private readonly Counter _compactions;
    private readonly Counter _errors;
    private readonly Counter _staleTemporary;

    public LakeMeters(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _files = factory.CreateCounter("insights_lake_files_written_total", "Parquet files published to the lake, by kind.", "kind");
        _rows = factory.CreateCounter("insights_lake_rows_written_total", "Rows published to the lake, by kind.", "kind");
        _compactions = factory.CreateCounter("insights_lake_compactions_total",
            "Partition compaction attempts, by kind and outcome (compacted, locked, too_few_files, grace, cleaned).", "kind", "outcome");
        _staleTemporary = factory.CreateCounter("insights_lake_stale_temporary_files_deleted_total",
            "Hidden .tmp files of crashed writers the compactor deleted (older than Insights:Lake:StaleTemporaryAge), by kind.", "kind");
        _errors = factory.CreateCounter("insights_lake_errors_total", "Lake failures, by operation (publish, compact).", "operation");
    }

    public void Written(LakeKind kind, long rows)
    {
        _files.WithLabels(kind.Name).Inc();
        _rows.WithLabels(kind.Name).Inc(rows);
    }

    public void Compaction(LakeKind kind, string outcome) => _compactions.WithLabels(kind.Name, outcome).Inc();

    public void StaleTemporaryDeleted(LakeKind kind, int files) => _staleTemporary.WithLabels(kind.Name).Inc(files);

    public void Error(string operation) => _errors.WithLabels(operation).Inc();
}
