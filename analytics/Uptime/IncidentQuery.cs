using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Uptime;

/// <summary>
/// Incidents that started in a window, from the stored probe samples, request counters and incident events (<c>Uptime/incidents.sql</c>).
/// Detected in SQL over the store rather than by the service grain as samples arrive: the store is the truth, so the
/// answer is exact for any window, unaffected by replays, out-of-order imports or restarts; the grain keeps only the
/// live up/down and open-incident status.
/// </summary>
public sealed class IncidentQuery(InsightsDatabase database, IOptions<UptimeKpiOptions> options)
{
    private readonly RememberedAnswers<(DateTime, DateTime, string?, string?, bool), IReadOnlyList<Incident>> _remembered = new();

    /// <summary>
    /// Until the returned scope is disposed, in this async flow, the same question is answered once: a report asks for
    /// the same period's incidents in its uptime, DORA and scorecard sections (each the dominant query of its section),
    /// and one answer also keeps the sections consistent with each other while ingest goes on.
    /// </summary>
    public IDisposable Remember() => _remembered.Open();

    /// <summary>Outages that started in [from, to): overlapping records and detections of one service merged into one.</summary>
    public Task<IReadOnlyList<Incident>> StartedInAsync(DateTime from, DateTime to, string? service, string? team, CancellationToken cancellationToken) =>
        Remembered(from, to, service, team, perRecord: false, cancellationToken);

    /// <summary>
    /// Incident records that started in [from, to), as DevLake counts them for DORA: each incident event on its own (two
    /// overlapping records are two incidents), plus each detected outage that no incident event of its service overlaps.
    /// </summary>
    public Task<IReadOnlyList<Incident>> RecordsStartedInAsync(DateTime from, DateTime to, string? service, string? team, CancellationToken cancellationToken) =>
        Remembered(from, to, service, team, perRecord: true, cancellationToken);

    private Task<IReadOnlyList<Incident>> Remembered(DateTime from, DateTime to, string? service, string? team, bool perRecord, CancellationToken cancellationToken) =>
        _remembered.Ask((from, to, service, team, perRecord), () => QueryAsync(StoreSql.Load("Uptime/incidents.sql"), from, to, service, team, perRecord, cancellationToken));

    /// <summary>The incidents by <paramref name="sql"/> with this query's parameters (the tests run a reference query through it).</summary>
    internal async Task<IReadOnlyList<Incident>> QueryAsync(string sql, DateTime from, DateTime to, string? service, string? team, bool perRecord, CancellationToken cancellationToken)
    {
        var o = options.Value;
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(UptimeSql.Time("from", from));
        command.Parameters.Add(UptimeSql.Time("to", to));
        command.Parameters.Add(UptimeSql.Time("scan_from", from - o.Lookback));
        command.Parameters.Add(UptimeSql.Json("probe_metrics", o.ProbeMetricNames));
        command.Parameters.Add(UptimeSql.Json("request_metrics", o.RequestMetricNames));
        command.Parameters.Add(UptimeSql.Json("error_labels", o.ErrorCodeLabelNames));
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("default_slo", o.DefaultSloTarget));
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("request_burn_rate", o.RequestIncidentBurnRate));
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("bucket_s", (long)o.RequestIncidentBucket.TotalSeconds));
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("min_seconds", o.MinimumIncidentDuration.TotalSeconds));
        command.Parameters.Add(UptimeSql.Text("service", service));
        command.Parameters.Add(UptimeSql.Text("team", team));
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("per_record", perRecord));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<Incident>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new Incident(reader.GetString(0), reader.GetString(1), UptimeSql.String(reader, 2), UptimeSql.Utc(reader, 3),
                reader.IsDBNull(4) ? null : UptimeSql.Utc(reader, 4), reader.GetString(5)));
        }
        return rows;
    }
}
