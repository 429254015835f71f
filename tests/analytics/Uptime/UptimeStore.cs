using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Tests.Uptime;

/// <summary>A real DuckDB store with the uptime queries over it, rows written directly, and a fake clock.</summary>
public sealed class UptimeStore : IDisposable
{
    public static readonly DateTime T0 = new(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly TempDirectory _dir = new();
    private ulong _nextSeries = 1;

    public UptimeStore(UptimeKpiOptions? options = null, DateTimeOffset? now = null)
    {
        Time = new FakeTimeProvider(now ?? new DateTimeOffset(T0.AddDays(30)));
        Database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), Time);
        var o = Microsoft.Extensions.Options.Options.Create(options ?? new UptimeKpiOptions());
        Sli = new ServiceSliQuery(Database, o);
        Incidents = new IncidentQuery(Database, o);
        DataEnd = new SliDataEnd(Database, Time, o);
        Kpis = new UptimeKpiQuery(Sli, Incidents, DataEnd, o);
        Utilisation = new UtilisationQuery(Database, o);
        History = new UptimeKpiHistory(Sli, Incidents, Kpis);
    }

    public FakeTimeProvider Time { get; }
    public InsightsDatabase Database { get; }
    public ServiceSliQuery Sli { get; }
    public IncidentQuery Incidents { get; }
    public SliDataEnd DataEnd { get; }
    public UptimeKpiQuery Kpis { get; }
    public UtilisationQuery Utilisation { get; }
    public UptimeKpiHistory History { get; }

    /// <summary>A series with its samples; returns its id.</summary>
    public async Task<ulong> SeriesAsync(string service, string metric, string labelsJson, IEnumerable<(DateTime At, double Value)> samples)
    {
        var id = _nextSeries++;
        var list = samples.ToList();
        await Database.WriteAsync(connection =>
        {
            using (var series = connection.CreateCommand())
            {
                series.CommandText = "INSERT INTO metric_series VALUES ($id, $service, $metric, $labels, $first)";
                series.Parameters.Add(new DuckDBParameter("id", id));
                series.Parameters.Add(new DuckDBParameter("service", service));
                series.Parameters.Add(new DuckDBParameter("metric", metric));
                series.Parameters.Add(new DuckDBParameter("labels", labelsJson));
                series.Parameters.Add(new DuckDBParameter("first", DateTime.SpecifyKind(T0, DateTimeKind.Unspecified)));
                series.ExecuteNonQuery();
            }
            using var appender = connection.CreateAppender("metric_points");
            foreach (var (at, value) in list)
            {
                appender.CreateRow().AppendValue(id).AppendValue(DateTime.SpecifyKind(at, DateTimeKind.Unspecified)).AppendValue(value).EndRow();
            }
        }, CancellationToken.None);
        return id;
    }

    /// <summary>probe_success every <paramref name="step"/> from <paramref name="start"/>: one value per sample (1 up, 0 down).</summary>
    public Task<ulong> ProbeAsync(string service, DateTime start, TimeSpan step, IEnumerable<double> values, string metric = "probe_success") =>
        SeriesAsync(service, metric, $$"""{"service":"{{service}}"}""", values.Select((v, i) => (start + (step * i), v)));

    public Task<ulong> CounterAsync(string service, string code, DateTime start, TimeSpan step, IEnumerable<double> values, string metric = "http_requests_total", string label = "code") =>
        SeriesAsync(service, metric, $$"""{"{{label}}":"{{code}}","service":"{{service}}"}""", values.Select((v, i) => (start + (step * i), v)));

    public Task CatalogAsync(string service, string team, decimal? slo = null, string? sli = null) =>
        Database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT OR IGNORE INTO catalog_teams (name, declared) VALUES ($team, true);
                INSERT INTO catalog_services (name, team, annotations, slo_target, source_file) VALUES ($name, $team, $annotations, $slo, 'test.yaml');
                """;
            command.Parameters.Add(new DuckDBParameter("team", team));
            command.Parameters.Add(new DuckDBParameter("name", service));
            command.Parameters.Add(new DuckDBParameter("annotations", sli is null ? "{}" : $$"""{"insights.platform/sli":"{{sli}}"}"""));
            command.Parameters.Add(new DuckDBParameter("slo", (object?)slo ?? DBNull.Value));
            command.ExecuteNonQuery();
        }, CancellationToken.None);

    public Task IncidentEventAsync(string id, string service, DateTime start, DateTime? end, DateTime? at = null) =>
        Database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO log_events (event_id, ts, service, action, event_start, event_end, labels, raw)
                VALUES ($id || '-' || CAST($end IS NULL AS VARCHAR), $ts, $service, 'incident', $start, $end, json_object('incident_id', $id), '{}')
                """;
            command.Parameters.Add(new DuckDBParameter("id", id));
            command.Parameters.Add(new DuckDBParameter("ts", DateTime.SpecifyKind(at ?? end ?? start, DateTimeKind.Unspecified)));
            command.Parameters.Add(new DuckDBParameter("service", service));
            command.Parameters.Add(new DuckDBParameter("start", DateTime.SpecifyKind(start, DateTimeKind.Unspecified)));
            command.Parameters.Add(new DuckDBParameter("end", end is { } e ? DateTime.SpecifyKind(e, DateTimeKind.Unspecified) : DBNull.Value));
            command.ExecuteNonQuery();
        }, CancellationToken.None);

    public static IEnumerable<double> Ups(int count) => Enumerable.Repeat(1.0, count);

    public static IEnumerable<double> Downs(int count) => Enumerable.Repeat(0.0, count);

    public void Dispose()
    {
        Database.Dispose();
        _dir.Dispose();
    }
}
