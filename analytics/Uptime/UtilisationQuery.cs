using DuckDB.NET.Data;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Uptime;

/// <summary>
/// Hourly / daily utilisation per resource: defines the <c>utilisation_rollup(from, to, bucket, metrics, resource_labels)</c>
/// table macro (<c>Uptime/utilisation_rollup.sql</c>) on a reader, with the metric names of <see cref="UtilisationOptions"/>.
/// The idle-resource analyses read it through <see cref="OpenReader"/> + <see cref="MetricsParameter"/> or <see cref="RollupAsync"/>.
/// </summary>
public sealed class UtilisationQuery(InsightsDatabase database, IOptions<UptimeKpiOptions> options)
{
    public DuckDBConnection OpenReader()
    {
        var connection = database.OpenReader();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = StoreSql.Load("Uptime/utilisation_rollup.sql");
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The macro's <c>metrics</c> argument as a parameter named <c>metrics</c>.</summary>
    public DuckDBParameter MetricsParameter() =>
        UptimeSql.Json("metrics", options.Value.Utilisation.MetricsByDimension().Select(p => new { dimension = p.Key, metric = p.Value }).ToArray());

    /// <summary>The macro's <c>resource_labels</c> argument as a parameter named <c>resource_labels</c>.</summary>
    public DuckDBParameter ResourceLabelsParameter() => UptimeSql.Json("resource_labels", options.Value.Utilisation.ResourceLabelNames);

    public async Task<IReadOnlyList<UtilisationRow>> RollupAsync(DateTime? from, DateTime? to, UtilisationBucket bucket, string? team, CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT * FROM utilisation_rollup($from, $to, $bucket, $metrics, $resource_labels)
            WHERE CAST($team AS VARCHAR) IS NULL OR team = CAST($team AS VARCHAR)
            ORDER BY dimension, resource, metric, period
            """;
        command.Parameters.Add(new DuckDBParameter("from", from is { } f ? DateTime.SpecifyKind(f, DateTimeKind.Unspecified) : DBNull.Value));
        command.Parameters.Add(new DuckDBParameter("to", to is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Unspecified) : DBNull.Value));
        command.Parameters.Add(new DuckDBParameter("bucket", bucket == UtilisationBucket.Day ? "day" : "hour"));
        command.Parameters.Add(MetricsParameter());
        command.Parameters.Add(ResourceLabelsParameter());
        command.Parameters.Add(UptimeSql.Text("team", team));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<UtilisationRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new UtilisationRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), UptimeSql.String(reader, 3), reader.GetString(4),
                UptimeSql.Utc(reader, 5), reader.GetInt64(6), UptimeSql.Double(reader, 7), UptimeSql.Double(reader, 8), UptimeSql.Double(reader, 9), UptimeSql.Double(reader, 10)));
        }
        return rows;
    }
}
