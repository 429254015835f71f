using Prometheus;

namespace Platform.Insights.Analytics.Store;

/// <summary>The store writer's own counters on <c>/metrics</c>: rows written per table, transactions by outcome and the time they took, explicit checkpoints and their time, lingers, queue depth.</summary>
public sealed class StoreMeters
{
    private readonly Counter _rows;
    private readonly Counter _transactions;
    private readonly Gauge _queued;
    private readonly Counter _transactionSeconds;
    private readonly Counter _checkpoints;
    private readonly Counter _checkpointSeconds;
    private readonly Counter _lingers;

    public StoreMeters(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _rows = factory.CreateCounter("insights_store_rows_written_total", "Rows committed to the DuckDB store, by table.", "table");
        _transactions = factory.CreateCounter("insights_store_transactions_total", "Store writer transactions, by outcome (committed, failed).", "outcome");
        _queued = factory.CreateGauge("insights_store_queue_requests", "Write requests waiting for the store writer.");
        // A sum rather than a histogram: divided by rows written it is the store's cost per row, which is what the
        // remote write benchmark compares against the other stages.
        _transactionSeconds = factory.CreateCounter("insights_store_transaction_seconds_total",
            "Time the store writer spent in transactions (appending, committing, checkpoints DuckDB runs on commit).");
        _checkpoints = factory.CreateCounter("insights_store_checkpoints_total",
            "Explicit CHECKPOINTs the store writer ran after a commit left 16 MiB or more of write-ahead log.");
        _checkpointSeconds = factory.CreateCounter("insights_store_checkpoint_seconds_total",
            "Time the store writer's explicit CHECKPOINTs took (part of insights_store_transaction_seconds_total).");
        _lingers = factory.CreateCounter("insights_store_lingers_total",
            "Transactions the store writer held open for up to Insights:WriteLinger to gather more remote-write appends.");
    }

    public void Committed(string table, long rows) => _rows.WithLabels(table).Inc(rows);

    public void Transaction(bool committed) => _transactions.WithLabels(committed ? "committed" : "failed").Inc();

    public void TransactionTime(TimeSpan elapsed) => _transactionSeconds.Inc(elapsed.TotalSeconds);

    public void Checkpointed(TimeSpan elapsed)
    {
        _checkpoints.Inc();
        _checkpointSeconds.Inc(elapsed.TotalSeconds);
    }

    public void Lingered() => _lingers.Inc();

    public void Queued(int delta) => _queued.Inc(delta);
}
