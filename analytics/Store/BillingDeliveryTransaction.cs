using System.Text.Json;
using DuckDB.NET.Data;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Sinks;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// A billing delivery written once. Staging every row and copying it into <c>focus_line_items</c> at commit cost
/// about as much again as parsing (the copy was sorted, too, and set the import's peak memory); here the rows are
/// appended to <c>focus_line_items</c> directly, inside a transaction on a connection of the delivery's own. DuckDB's
/// MVCC keeps them invisible to every other connection until the commit, and a rollback, a failure or a killed
/// process discards them (large uncommitted appends go to free blocks of the file, not to the WAL), so the
/// guarantees of staging hold: readers see all of a delivery or none of it, and a failed delivery changes nothing.
/// The other writers keep the store's single write connection; only billing rows go through this one.
/// </summary>
public sealed class BillingDeliveryTransaction : IBillingDeliveryWriter
{
    private readonly DuckDBConnection _connection;
    private readonly DuckDBTransaction _transaction;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _imports = new(StringComparer.Ordinal);
    private readonly HashSet<BillingPeriodKey> _replacedPeriods = [];
    private readonly Lake.LakeWriter? _lake;
    private long _replacedRows;
    private bool _finished;

    internal BillingDeliveryTransaction(InsightsDatabase database, Lake.LakeWriter? lake = null)
    {
        _lake = lake;
        _connection = database.OpenConnection();
        try
        {
            _transaction = _connection.BeginTransaction();
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    public async Task AppendAsync(string importId, IReadOnlyList<FocusLineItem> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(importId);
        ArgumentNullException.ThrowIfNull(rows);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_finished, this);
            // On the thread pool: the file source parses the next batch meanwhile, so parsing and DuckDB's append
            // use both cores instead of taking turns.
            await Task.Run(() =>
            {
                if (_imports.Add(importId))
                {
                    // A crashed earlier attempt of the same content may have committed: its rows are replaced by these.
                    Each(_connection, "DELETE FROM focus_line_items WHERE import_id = $import RETURNING ProviderName, BillingAccountId, BillingPeriodStart",
                        CountReplaced, ("import", importId));
                }
                FocusLineItemAppender.Append(_connection, "focus_line_items", importId, rows);
            }, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<BillingCommit> CommitAsync(IReadOnlyList<string> stagedImportIds, IReadOnlyList<string> deliveryImportIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stagedImportIds);
        ArgumentNullException.ThrowIfNull(deliveryImportIds);
        var staged = JsonSerializer.Serialize(stagedImportIds);
        var delivery = JsonSerializer.Serialize(deliveryImportIds.Union(stagedImportIds, StringComparer.Ordinal));
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_finished, this);
            return await Task.Run(() =>
            {
                Each(_connection, StoreSql.Load("Store/restate_billing_delivery.sql"), CountReplaced, ("staged", staged), ("delivery", delivery));
                long rows = 0;
                var totals = new Dictionary<string, decimal>(StringComparer.Ordinal);
                Each(_connection, """
                    SELECT BillingCurrency, sum(BilledCost), count(*) FROM focus_line_items
                    WHERE import_id IN (SELECT unnest(from_json($staged, '["VARCHAR"]'))) GROUP BY 1
                    """, reader =>
                {
                    totals[reader.GetString(0)] = reader.GetDecimal(1);
                    rows += reader.GetInt64(2);
                }, ("staged", staged));
                PublishToLake(staged);
                _transaction.Commit();
                _finished = true;
                var periods = _replacedPeriods.OrderBy(p => p.ProviderName, StringComparer.Ordinal)
                    .ThenBy(p => p.BillingAccountId, StringComparer.Ordinal).ThenBy(p => p.BillingPeriodStart).ToList();
                return new BillingCommit(rows, totals, _replacedRows, periods);
            }, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            if (!_finished)
            {
                _finished = true;
                _transaction.Rollback();
            }
            _transaction.Dispose();
            _connection.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Cluster mode: the delivery's billing periods, as this transaction now has them, become one new delivery in the lake
    /// (<c>Store/lake_billing_delivery.sql</c>), which readers prefer to every earlier one (LakeViews). Published before
    /// the local commit: if that commit then fails, the import is not recorded and its retry publishes the same rows as a
    /// later delivery, which replaces this one — the lake never holds a period twice.
    /// </summary>
    private void PublishToLake(string staged)
    {
        if (_lake is null)
        {
            return;
        }
        var delivery = _lake.NextName("delivery-");
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = StoreSql.Load("Store/lake_billing_delivery.sql");
            command.Parameters.Add(new DuckDBParameter("staged", staged));
            command.Parameters.Add(new DuckDBParameter("delivery_id", delivery));
            command.Parameters.Add(new DuckDBParameter("delivered_at", _lake.Now.UtcDateTime));
            command.ExecuteNonQuery();
        }
        try
        {
            _lake.Publish(_lake.Stage(_connection, Lake.LakeKind.Billing, "lake_billing"));
        }
        finally
        {
            using var drop = _connection.CreateCommand();
            drop.CommandText = "DROP TABLE IF EXISTS lake_billing";
            drop.ExecuteNonQuery();
        }
    }

    private void CountReplaced(DuckDBDataReader deleted)
    {
        _replacedRows++;
        _replacedPeriods.Add(new BillingPeriodKey(deleted.IsDBNull(0) ? null : deleted.GetString(0), deleted.IsDBNull(1) ? null : deleted.GetString(1),
            DateTime.SpecifyKind(deleted.GetDateTime(2), DateTimeKind.Utc)));
    }

    private static void Each(DuckDBConnection connection, string sql, Action<DuckDBDataReader> row, params ReadOnlySpan<(string Name, string Value)> parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(name, value));
        }
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            row(reader);
        }
    }
}
