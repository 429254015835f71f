using Prometheus;

namespace Platform.Insights.Analytics.Store;

/// <summary>The store writer's own counters on <c>/metrics</c>: rows written per table, transactions by outcome, queue depth.</summary>
public sealed class StoreMeters
{
    private readonly Counter _rows;
    private readonly Counter _transactions;
    private readonly Gauge _queued;

    public StoreMeters(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _rows = factory.CreateCounter("insights_store_rows_written_total", "Rows committed to the DuckDB store, by table.", "table");
        _transactions = factory.CreateCounter("insights_store_transactions_total", "Store writer transactions, by outcome (committed, failed).", "outcome");
        _queued = factory.CreateGauge("insights_store_queue_requests", "Write requests waiting for the store writer.");
    }

    public void Committed(string table, long rows) => _rows.WithLabels(table).Inc(rows);

    public void Transaction(bool committed) => _transactions.WithLabels(committed ? "committed" : "failed").Inc();

    public void Queued(int delta) => _queued.Inc(delta);
}
