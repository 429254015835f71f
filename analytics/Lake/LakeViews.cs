using System.Collections.Concurrent;
using System.Text;
using DuckDB.NET.Data;

namespace Platform.Insights.Analytics.Lake;

/// <summary>
/// Makes a DuckDB connection read the lake under the store's own table names: one temporary view per kind
/// (<c>metric_samples</c>, <c>metric_series</c>, <c>log_events</c>, <c>focus_line_items</c>; <c>metric_points</c> too, as
/// the samples' (series_id, ts, value)) over
/// <c>read_parquet([...live files...], hive_partitioning = true)</c>, with the table's columns and types. Temporary
/// objects come first in DuckDB's search path, so the KPI SQL runs unchanged. The files are the live ones of one
/// listing per partition (<see cref="PartitionListing"/>) rather than DuckDB's own glob of <c>kind=K/**/*.parquet</c>:
/// a glob would count a compacted file and the files it replaced twice in the moment between the rename and the
/// deletion. The views also keep the embedded store's duplicate rules, because two silos may write the same row:
/// a log event is one per (event id, @timestamp) as <c>insert_new_log_events.sql</c> has it, a series one per id, and
/// billing keeps only the latest delivery of each provider + billing account + billing period, as
/// <c>restate_billing_delivery.sql</c> does, with each part of that delivery once, whichever silo published it.
/// </summary>
public sealed class LakeViews(LakeLayout layout)
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<(string Name, string Type)>> Columns = new(StringComparer.Ordinal);

    public LakeLayout Layout => layout;

    /// <summary>Defines (or refreshes) the views of <paramref name="kinds"/> on the connection, from a new listing.</summary>
    public void Define(DuckDBConnection connection, IReadOnlyList<LakeKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(kinds);
        var database = Scalar(connection, "SELECT current_database()");
        var sql = new StringBuilder();
        foreach (var kind in kinds)
        {
            var columns = ColumnsOf(connection, database, kind.Table);
            var files = layout.LiveFiles(kind);
            sql.Append("CREATE OR REPLACE TEMP VIEW ").Append(kind.Table).Append(" AS ")
               .Append(files.Count == 0 ? Empty(database, kind, columns) : Select(kind, columns, files)).Append(";\n");
            if (kind == LakeKind.Metrics)
            {
                // The embedded store keeps samples in metric_points (metric_samples is its view); SQL that reads the narrow
                // table directly (the utilisation rollup) must read the lake's samples here, not the silo's empty table.
                // With no files, read the silo's own (empty) table: its metric_samples view would resolve back to this one.
                sql.Append("CREATE OR REPLACE TEMP VIEW metric_points AS ").Append(files.Count == 0
                    ? $"SELECT series_id, ts, value FROM \"{database}\".main.metric_points WHERE false"
                    : "SELECT series_id, ts, value FROM metric_samples").Append(";\n");
            }
        }
        using var command = connection.CreateCommand();
        command.CommandText = sql.ToString();
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// A number that changes whenever the live files of <paramref name="kinds"/> change — another silo's write, a CLI import
    /// on the cluster's lake, a compaction — so a cached answer over the views knows it may be out of date (the process's
    /// own store writes are counted by <c>InsightsDatabase.Writes</c>). Files are immutable once renamed into place and
    /// named uniquely by their writer, so the list of live names identifies what a read sees.
    /// </summary>
    public long Version(IReadOnlyList<LakeKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        // FNV-1a over the ordered names: stable across processes, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var kind in kinds)
        {
            foreach (var file in layout.LiveFiles(kind))
            {
                foreach (var c in file)
                {
                    hash = (hash ^ c) * 1099511628211UL;
                }
                hash = (hash ^ '\n') * 1099511628211UL;
            }
        }
        return unchecked((long)hash);
    }

    /// <summary>The SQL that reads the given files of a kind as its store table (public for the benchmark and tests).</summary>
    public static string Select(LakeKind kind, IReadOnlyList<(string Name, string Type)> columns, IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(files);
        var projection = string.Join(", ", columns.Select(c => $"CAST(\"{c.Name}\" AS {c.Type}) AS \"{c.Name}\""));
        var list = $"[{string.Join(", ", files.Select(Quote))}]";
        var source = $"read_parquet({list}, hive_partitioning = true)";
        return kind.Name switch
        {
            // The embedded store's duplicate: the same event id at the same @timestamp (insert_new_log_events.sql).
            "logs" => $"SELECT DISTINCT ON (event_id, ts) {projection} FROM {source}",
            "series" => $"SELECT DISTINCT ON (series_id) {projection} FROM {source} ORDER BY series_id, first_seen",
            // Restatement: each provider + billing account + billing period as its latest delivery has it — the delivery
            // (delivery_key) of the latest publication (delivered_at, delivery_id), and of each of its parts (import_id)
            // the rows of the latest publication holding it: parts of one named delivery published by different silos
            // add up, and a part published twice (the same silo's later part republishes the earlier ones; a retry
            // after a failed local commit) counts once. Cost/allocated_costs.sql identifies rows by the table's rowid,
            // which a view lacks: here it is the file's position in the list and the row's number in its file, the same
            // in every reference to the view within a query.
            "billing" => $"SELECT {projection}, rowid FROM (SELECT *, (CAST(list_position({list}, filename) AS BIGINT) << 40) + file_row_number AS rowid " +
                $"FROM read_parquet({list}, hive_partitioning = true, filename = true, file_row_number = true)) " +
                "QUALIFY delivery_key = first_value(delivery_key) OVER (PARTITION BY ProviderName, BillingAccountId, BillingPeriodStart ORDER BY delivered_at DESC, delivery_id DESC) " +
                "AND dense_rank() OVER (PARTITION BY ProviderName, BillingAccountId, BillingPeriodStart, delivery_key, import_id ORDER BY delivered_at DESC, delivery_id DESC) = 1",
            _ => $"SELECT {projection} FROM {source}",
        };
    }

    /// <summary>The store table's columns in order, as the lake's views must give them.</summary>
    public static IReadOnlyList<(string Name, string Type)> ColumnsOf(DuckDBConnection connection, string database, string table) =>
        Columns.GetOrAdd(table, t =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = $db AND schema_name = 'main' AND table_name = $table ORDER BY column_index";
            command.Parameters.Add(new DuckDBParameter("db", database));
            command.Parameters.Add(new DuckDBParameter("table", t));
            using var reader = command.ExecuteReader();
            var result = new List<(string, string)>();
            while (reader.Read())
            {
                result.Add((reader.GetString(0), reader.GetString(1)));
            }
            return result.Count > 0 ? result : throw new InvalidOperationException($"the store has no table {t} to model the lake's {t} on");
        });

    internal static string Quote(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Empty(string database, LakeKind kind, IReadOnlyList<(string Name, string Type)> columns) =>
        $"SELECT {string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}{(kind == LakeKind.Billing ? ", rowid" : "")} FROM \"{database}\".main.{kind.Table} WHERE false";

    private static string Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
