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
    private readonly string? _deliveryName;
    private long _replacedRows;
    private bool _finished;

    internal BillingDeliveryTransaction(InsightsDatabase database, Lake.LakeWriter? lake = null, string? deliveryName = null)
    {
        _lake = lake;
        _deliveryName = deliveryName;
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
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_finished, this);
            return await Task.Run(() =>
            {
                // A named delivery's parts imported in earlier runs belong to this delivery too: kept, not restated.
                var delivery = BillingDeliveryParts.Members(_connection, _deliveryName, stagedImportIds, deliveryImportIds);
                BillingDeliveryParts.Record(_connection, _deliveryName, staged);
                var keys = new List<string>();
                Each(_connection, StoreSql.Load("Store/billing_delivery_keys.sql"), reader => keys.Add(reader.GetString(0)), ("staged", staged));
                foreach (var key in keys)
                {
                    Each(_connection, StoreSql.Load("Store/restate_billing_delivery.sql"), CountReplaced, ("key", key), ("delivery", delivery));
                }
                long rows = 0;
                var totals = new Dictionary<string, decimal>(StringComparer.Ordinal);
                Each(_connection, """
                    SELECT BillingCurrency, sum(BilledCost), count(*) FROM focus_line_items
                    WHERE list_contains(CAST(from_json($staged, '["VARCHAR"]') AS VARCHAR[]), import_id) GROUP BY 1
                    """, reader =>
                {
                    totals[reader.GetString(0)] = reader.GetDecimal(1);
                    rows += reader.GetInt64(2);
                }, ("staged", staged));
                if (_lake is not null)
                {
                    LakeBillingPublication.Publish(_connection, _lake, staged, _deliveryName);
                }
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
