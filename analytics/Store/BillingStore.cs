using System.Text.Json;
using DuckDB.NET.Data;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Sinks;

namespace Platform.Insights.Analytics.Store;

/// <summary>
/// Billing rows of an import are staged under its id and moved into <c>focus_line_items</c> in one
/// transaction at commit, together with the other files of its delivery: readers see all of a delivery or none
/// of it, and a killed import leaves only staging rows that the next attempt clears. A commit is a restatement:
/// it replaces the stored rows of the provider + billing account + billing period it delivers
/// (<c>Store/restate_billing_periods.sql</c>).
/// </summary>
public sealed class BillingStore(InsightsDatabase database, Lake.LakeWriter? lake = null) : IBillingSink, IImportLedger
{
    public Task BeginAsync(string importId, CancellationToken cancellationToken) =>
        database.WriteAsync(connection => Execute(connection, "DELETE FROM focus_staging WHERE import_id = $import", importId), cancellationToken);

    public Task StageAsync(string importId, IReadOnlyList<FocusLineItem> rows, CancellationToken cancellationToken) =>
        database.WriteAsync(connection => FocusLineItemAppender.Append(connection, "focus_staging", importId, rows), cancellationToken);

    public Task<BillingCommit> CommitAsync(string importId, CancellationToken cancellationToken) =>
        CommitDeliveryAsync([importId], [importId], cancellationToken);

    /// <summary>
    /// In cluster mode the committed periods are also published to the lake (<see cref="LakeBillingPublication"/>, in
    /// the commit's transaction and before it commits), as a delivery of their own: a lone file reaches the lake like
    /// a delivery does.
    /// </summary>
    public Task<BillingCommit> CommitDeliveryAsync(IReadOnlyList<string> stagedImportIds, IReadOnlyList<string> deliveryImportIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stagedImportIds);
        ArgumentNullException.ThrowIfNull(deliveryImportIds);
        var staged = JsonSerializer.Serialize(stagedImportIds);
        var delivery = JsonSerializer.Serialize(deliveryImportIds.Union(stagedImportIds, StringComparer.Ordinal));
        return database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            // A crashed earlier attempt of the same content may have committed already: its rows are replaced too.
            var (replaced, periods) = Restate(connection, staged, delivery);
            var rows = Run(connection, """
                INSERT INTO focus_line_items SELECT * FROM focus_staging
                WHERE list_contains(from_json($staged, '["VARCHAR"]'), import_id) ORDER BY import_id, source_line
                """, ("staged", staged));
            Run(connection, "DELETE FROM focus_staging WHERE list_contains(from_json($staged, '[\"VARCHAR\"]'), import_id)", ("staged", staged));
            var totals = new Dictionary<string, decimal>(StringComparer.Ordinal);
            using (var sum = connection.CreateCommand())
            {
                sum.CommandText = """
                    SELECT BillingCurrency, sum(BilledCost) FROM focus_line_items
                    WHERE list_contains(from_json($staged, '["VARCHAR"]'), import_id) GROUP BY 1
                    """;
                sum.Parameters.Add(new DuckDBParameter("staged", staged));
                using var reader = sum.ExecuteReader();
                while (reader.Read())
                {
                    totals[reader.GetString(0)] = reader.GetDecimal(1);
                }
            }
            if (lake is not null)
            {
                LakeBillingPublication.Publish(connection, lake, staged, deliveryName: null);
            }
            transaction.Commit();
            return new BillingCommit(rows, totals, replaced, periods);
        }, cancellationToken);
    }

    public Task AbortAsync(string importId, CancellationToken cancellationToken) => BeginAsync(importId, cancellationToken);

    public IBillingDeliveryWriter OpenDelivery(string? deliveryName = null) => new BillingDeliveryTransaction(database, lake, deliveryName);

    public Task RecordAsync(ImportRecord record, CancellationToken cancellationToken) =>
        database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO imports VALUES ($id, $kind, $path, $bytes, $started, $completed, $status, $read, $stored, $duplicates, $rejected)";
            command.Parameters.Add(new DuckDBParameter("id", record.ImportId));
            command.Parameters.Add(new DuckDBParameter("kind", record.Kind));
            command.Parameters.Add(new DuckDBParameter("path", record.Path));
            command.Parameters.Add(new DuckDBParameter("bytes", record.Bytes));
            command.Parameters.Add(new DuckDBParameter("started", record.StartedAt.UtcDateTime));
            command.Parameters.Add(new DuckDBParameter("completed", record.CompletedAt?.UtcDateTime));
            command.Parameters.Add(new DuckDBParameter("status", record.Status));
            command.Parameters.Add(new DuckDBParameter("read", record.Read));
            command.Parameters.Add(new DuckDBParameter("stored", record.Stored));
            command.Parameters.Add(new DuckDBParameter("duplicates", record.Duplicates));
            command.Parameters.Add(new DuckDBParameter("rejected", record.Rejected));
            command.ExecuteNonQuery();
        }, cancellationToken);

    private static (long Rows, List<BillingPeriodKey> Periods) Restate(DuckDBConnection connection, string staged, string delivery)
    {
        using var command = connection.CreateCommand();
        command.CommandText = StoreSql.Load("Store/restate_billing_periods.sql");
        command.Parameters.Add(new DuckDBParameter("staged", staged));
        command.Parameters.Add(new DuckDBParameter("delivery", delivery));
        using var reader = command.ExecuteReader();
        var periods = new HashSet<BillingPeriodKey>();
        long rows = 0;
        while (reader.Read())
        {
            rows++;
            periods.Add(new BillingPeriodKey(reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc)));
        }
        return (rows, [.. periods.OrderBy(p => p.ProviderName, StringComparer.Ordinal).ThenBy(p => p.BillingAccountId, StringComparer.Ordinal).ThenBy(p => p.BillingPeriodStart)]);
    }

    private static int Run(DuckDBConnection connection, string sql, params ReadOnlySpan<(string Name, string Value)> parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(name, value));
        }
        return command.ExecuteNonQuery();
    }

    private static int Execute(DuckDBConnection connection, string sql, string importId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new DuckDBParameter("import", importId));
        return command.ExecuteNonQuery();
    }
}
