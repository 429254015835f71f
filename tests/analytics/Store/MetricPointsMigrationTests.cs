using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;
using static Platform.Insights.Analytics.Tests.Support.Samples;

namespace Platform.Insights.Analytics.Tests.Store;

/// <summary>
/// Migration 005 moves samples from the old <c>metric_samples</c> table (service and metric on every row) to
/// <c>metric_points</c> (series id, ts, value) and leaves <c>metric_samples</c> as a view: a data directory written by an
/// older build must keep every sample, read the same through the view, and keep its watermarks (a replay after the
/// upgrade must not double-count).
/// </summary>
public sealed class MetricPointsMigrationTests : IDisposable
{
    private static readonly DateTime T0 = new(2025, 3, 1, 10, 0, 0, DateTimeKind.Unspecified);
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private static IReadOnlyList<SchemaMigration> BeforeMetricPoints => [.. SchemaMigration.Embedded.Where(m => m.Version < 5)];

    public void Dispose() => _dir.Dispose();

    /// <summary>What a build before migration 005 wrote: two series (one of them without its series row) and their samples.</summary>
    private static readonly (string Service, string Metric, ulong Series, DateTime At, double Value)[] OldSamples =
    [
        ("checkout", "probe_success", 11UL, T0, 1),
        ("checkout", "probe_success", 11UL, T0.AddMinutes(1), 0),
        ("checkout", "probe_success", 11UL, T0.AddMinutes(2), 1),
        ("search", "http_requests_total", 22UL, T0, 5),
        ("search", "http_requests_total", 22UL, T0.AddMinutes(1), 9),
    ];

    private async Task WriteOldStoreAsync()
    {
        using var old = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time, BeforeMetricPoints);
        Assert.Equal(4, old.SchemaVersion);
        await old.WriteAsync(connection =>
        {
            using var series = connection.CreateCommand();
            series.CommandText = """INSERT INTO metric_series VALUES (11, 'checkout', 'probe_success', '{"service":"checkout"}', TIMESTAMP '2025-03-01 10:00:00')""";
            series.ExecuteNonQuery();
            foreach (var s in OldSamples)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO metric_samples VALUES ($service, $metric, $series, $ts, $value)";
                command.Parameters.Add(new DuckDBParameter("service", s.Service));
                command.Parameters.Add(new DuckDBParameter("metric", s.Metric));
                command.Parameters.Add(new DuckDBParameter("series", s.Series));
                command.Parameters.Add(new DuckDBParameter("ts", s.At));
                command.Parameters.Add(new DuckDBParameter("value", s.Value));
                command.ExecuteNonQuery();
            }
            return 0;
        }, CancellationToken.None);
    }

    [Fact]
    public async Task An_old_schema_store_finds_every_sample_through_metric_samples_after_the_upgrade()
    {
        await WriteOldStoreAsync();

        using var upgraded = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time);

        Assert.Equal(SchemaMigration.Embedded.Max(m => m.Version), upgraded.SchemaVersion);
        var rows = Sql.Rows(upgraded, "SELECT service, metric, series_id, ts, value FROM metric_samples ORDER BY series_id, ts");
        Assert.Equal(
            OldSamples.Select(s => $"{s.Service}|{s.Metric}|{s.Series}|{s.At:O}|{s.Value}"),
            rows.Select(r => $"{r[0]}|{r[1]}|{r[2]}|{(DateTime)r[3]!:O}|{r[4]}"));
        Assert.Equal(5L, Sql.Count(upgraded, "SELECT count(*) FROM metric_points"));
        Assert.Equal("VIEW", Sql.Scalar(upgraded, "SELECT table_type FROM information_schema.tables WHERE table_name = 'metric_samples'"));
        // The sample whose series row was missing got one (empty labels, first seen at its first sample), so the view keeps it.
        Assert.Equal(
            ["search", "http_requests_total", "{}", T0],
            Assert.Single(Sql.Rows(upgraded, "SELECT service, metric, CAST(labels AS VARCHAR), first_seen FROM metric_series WHERE series_id = 22")));
    }

    [Fact]
    public async Task A_replay_after_the_upgrade_is_held_back_by_the_watermarks_of_the_old_samples()
    {
        await WriteOldStoreAsync();
        using var upgraded = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time);
        await using var writer = new StoreWriter(upgraded, Options.Create(new StoreOptions { Data = _dir.Path }), _time,
            new StoreMeters(Prometheus.Metrics.NewCustomRegistry()), NullLogger<StoreWriter>.Instance);

        var watermarks = await writer.LoadWatermarksAsync("checkout", CancellationToken.None);

        Assert.Equal(new Dictionary<ulong, long> { [11UL] = Ms(T0.AddMinutes(2)) }, watermarks);
        Assert.Equal(new Dictionary<ulong, long> { [22UL] = Ms(T0.AddMinutes(1)) }, await writer.LoadWatermarksAsync("search", CancellationToken.None));
    }

    [Fact]
    public async Task Samples_written_after_the_upgrade_land_beside_the_old_ones()
    {
        await WriteOldStoreAsync();
        using var upgraded = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time);
        await using (var writer = new StoreWriter(upgraded, Options.Create(new StoreOptions { Data = _dir.Path }), _time,
            new StoreMeters(Prometheus.Metrics.NewCustomRegistry()), NullLogger<StoreWriter>.Instance))
        {
            await writer.AppendAsync("checkout", [Metric("checkout", "probe_success", Ms(T0.AddMinutes(3)), 1)], CancellationToken.None);
        }

        Assert.Equal(4L, Sql.SamplesOf(upgraded, "checkout"));
        Assert.Equal(2L, Sql.SamplesOf(upgraded, "search"));
        Assert.Equal(6L, Sql.Count(upgraded, "SELECT count(*) FROM metric_points"));
    }

    private static long Ms(DateTime at) => (long)(DateTime.SpecifyKind(at, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalMilliseconds;
}
