using Prometheus;

namespace Platform.Insights.Analytics.Lake;

/// <summary>The lake's counters on <c>/metrics</c>: files and rows published per kind, compactions by outcome, errors.</summary>
public sealed class LakeMeters
{
    private readonly Counter _files;
    private readonly Counter _rows;
    private readonly Counter _compactions;
    private readonly Counter _errors;

    public LakeMeters(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _files = factory.CreateCounter("insights_lake_files_written_total", "Parquet files published to the lake, by kind.", "kind");
        _rows = factory.CreateCounter("insights_lake_rows_written_total", "Rows published to the lake, by kind.", "kind");
        _compactions = factory.CreateCounter("insights_lake_compactions_total",
            "Partition compaction attempts, by kind and outcome (compacted, locked, too_few_files, grace, cleaned).", "kind", "outcome");
        _errors = factory.CreateCounter("insights_lake_errors_total", "Lake failures, by operation (publish, compact).", "operation");
    }

    public void Written(LakeKind kind, long rows)
    {
        _files.WithLabels(kind.Name).Inc();
        _rows.WithLabels(kind.Name).Inc(rows);
    }

    public void Compaction(LakeKind kind, string outcome) => _compactions.WithLabels(kind.Name, outcome).Inc();

    public void Error(string operation) => _errors.WithLabels(operation).Inc();
}
