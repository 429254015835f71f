using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;

namespace Platform.Insights.Analytics.Uptime;

/// <summary>
/// Per service and window, the sums its availability is computed from: <c>Uptime/service_sli.sql</c>, one pass over
/// <c>metric_samples</c> for every window at once (the reporting window and the burn-rate windows).
/// </summary>
public sealed class ServiceSliQuery(InsightsDatabase database, IOptions<UptimeKpiOptions> options)
{
    private readonly RememberedAnswers<(string Windows, string? Service, string? Team), IReadOnlyList<ServiceSli>> _remembered = new();

    /// <summary>
    /// Until the returned scope is disposed, in this async flow, the same windows and filters are summed once: a report's
    /// org and per-team uptime of one period are two groupings of the same per-service sums (BENCHMARKS.md §27).
    /// </summary>
    public IDisposable Remember() => _remembered.Open();

    public Task<IReadOnlyList<ServiceSli>> ForAsync(IReadOnlyList<UptimeWindow> windows, string? service, string? team, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var question = string.Join(";", windows.Select(w => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{w.Name}|{w.From.Ticks}|{w.To.Ticks}")));
        return _remembered.Ask((question, service, team), () => QueryAsync(StoreSql.Load("Uptime/service_sli.sql"), windows, service, team, cancellationToken));
    }

    /// <summary>The sums by <paramref name="sql"/> with this query's parameters (the tests run a reference query through it).</summary>
    internal async Task<IReadOnlyList<ServiceSli>> QueryAsync(string sql, IReadOnlyList<UptimeWindow> windows, string? service, string? team, CancellationToken cancellationToken)
    {
        var o = options.Value;
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(UptimeSql.Json("windows", windows.Select(w => new { name = w.Name, from = UptimeSql.Iso(w.From), to = UptimeSql.Iso(w.To) }).ToArray()));
        command.Parameters.Add(UptimeSql.Time("scan_from", windows.Min(w => w.From) - o.Lookback));
        command.Parameters.Add(UptimeSql.Time("scan_to", windows.Max(w => w.To)));
        command.Parameters.Add(UptimeSql.Json("probe_metrics", o.ProbeMetricNames));
        command.Parameters.Add(UptimeSql.Json("request_metrics", o.RequestMetricNames));
        command.Parameters.Add(UptimeSql.Json("error_labels", o.ErrorCodeLabelNames));
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("default_interval_s", o.DefaultScrapeInterval.TotalSeconds));
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("default_slo", o.DefaultSloTarget));
        command.Parameters.Add(UptimeSql.Text("service", service));
        command.Parameters.Add(UptimeSql.Text("team", team));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ServiceSli>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var sli = UptimeSql.String(reader, 3) switch
            {
                "probe" => SliKind.Probe,
                "requests" => (SliKind?)SliKind.Requests,
                _ => null,
            };
            var totals = new SliTotals(
                UptimeSql.Double(reader, 5) ?? 0, UptimeSql.Double(reader, 6) ?? 0,
                UptimeSql.Double(reader, 7) ?? 0, UptimeSql.Double(reader, 8) ?? 0,
                UptimeSql.Double(reader, 9) ?? 0, UptimeSql.Double(reader, 10) ?? 0,
                sli == SliKind.Probe ? 1 : 0, sli == SliKind.Requests ? 1 : 0);
            rows.Add(new ServiceSli(reader.GetString(0), UptimeSql.String(reader, 1), reader.GetDecimal(2), sli, reader.GetString(4), totals));
        }
        return rows;
    }
}
