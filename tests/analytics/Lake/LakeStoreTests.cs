using System.Text.RegularExpressions;
using Platform.Insights.Analytics.Lake;
using Platform.Insights.Ingest.Records;
using static Platform.Insights.Analytics.Tests.Support.Samples;

namespace Platform.Insights.Analytics.Tests.Lake;

/// <summary>Cluster mode's store: rows go to the Parquet lake, readers see them under the store's table names.</summary>
public sealed partial class LakeStoreTests : IAsyncLifetime
{
    private readonly LakeFixture _silo = new("silo1");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [GeneratedRegex(@"^kind=(metrics|series|logs)/date=\d{4}-\d{2}-\d{2}/silo1-\d{17}\.parquet$")]
    private static partial Regex WriterFile();

    [Fact]
    public async Task Stored_rows_land_in_hive_partitions_by_kind_and_utc_date_in_whole_writer_named_files()
    {
        var day1 = Enumerable.Range(0, 10).Select(i => Metric("api", "up", Ms(i), 1)).ToArray();
        var day2 = Enumerable.Range(0, 5).Select(i => Metric("api", "up", Ms(24 * 60 + i), 0)).ToArray();
        await _silo.Store.AppendAsync("api", [.. day1, .. day2], CancellationToken.None);
        await _silo.Store.AppendAsync("api", [Log("e-1", "api", Epoch.AddHours(1))], CancellationToken.None);

        var files = _silo.FilesOf(LakeKind.Metrics).Concat(_silo.FilesOf(LakeKind.Series)).Concat(_silo.FilesOf(LakeKind.Logs)).ToList();
        Assert.All(files, f => Assert.Matches(WriterFile(), f));
        Assert.Single(_silo.FilesOf(LakeKind.Metrics), f => f.StartsWith("kind=metrics/date=2024-09-01/", StringComparison.Ordinal));
        Assert.Single(_silo.FilesOf(LakeKind.Metrics), f => f.StartsWith("kind=metrics/date=2024-09-02/", StringComparison.Ordinal));
        Assert.Single(_silo.FilesOf(LakeKind.Logs), f => f.StartsWith("kind=logs/date=2024-09-01/", StringComparison.Ordinal));
        Assert.Equal(15, _silo.Scalar<long>("SELECT count(*) FROM metric_samples"));
        Assert.Equal(10, _silo.Scalar<double>("SELECT sum(value) FROM metric_samples"));
        Assert.Equal(1, _silo.Scalar<long>("SELECT count(*) FROM metric_series s JOIN metric_samples m USING (series_id) WHERE m.ts = (SELECT min(ts) FROM metric_samples)"));
        Assert.Equal("event e-1", _silo.Scalar<string>("SELECT message FROM log_events"));
        // The silo's own tables stay empty: the lake is the store.
        using var own = _silo.Database.OpenConnection();
        using var command = own.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM metric_samples) + (SELECT count(*) FROM log_events)";
        Assert.Equal(0L, Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_utilisation_rollup_reads_the_lakes_samples_not_the_silos_empty_table()
    {
        var cpu = Enumerable.Range(0, 4).Select(i => Metric("api", "resource_cpu_utilization_ratio", Ms(i * 15), 0.01 * (i + 1), instance: "vm-1")).ToArray();
        await _silo.Store.AppendAsync("api", cpu, CancellationToken.None);
        var query = new Platform.Insights.Analytics.Uptime.UtilisationQuery(_silo.Database,
            Microsoft.Extensions.Options.Options.Create(new Platform.Insights.Analytics.Uptime.UptimeKpiOptions()));

        var rows = await query.RollupAsync(null, null, Platform.Insights.Analytics.Uptime.UtilisationBucket.Hour, null, CancellationToken.None);

        var row = Assert.Single(rows);
        Assert.Equal("vm-1", row.Resource);
        Assert.Equal(4, row.Samples);
        Assert.Equal(0.025, row.Avg!.Value, 9);
        Assert.Equal(4, _silo.Scalar<long>("SELECT count(*) FROM metric_points"));
    }

    [Fact]
    public async Task A_log_event_replayed_through_another_silo_is_stored_once()
    {
        await using var other = new LakeFixture("silo2", _silo.Root);
        var first = await _silo.Store.AppendAsync("api", [Log("e-1", "api", Epoch), Log("e-2", "api", Epoch.AddMinutes(1))], CancellationToken.None);
        var replay = await other.Store.AppendAsync("api", [Log("e-2", "api", Epoch.AddMinutes(1)), Log("e-3", "api", Epoch.AddMinutes(2))], CancellationToken.None);

        Assert.Equal(2, first.Count);
        Assert.Equal(["e-3"], replay.Select(e => e.EventId));
        Assert.Equal(3, _silo.Scalar<long>("SELECT count(*) FROM log_events"));
        Assert.Equal(3, other.Scalar<long>("SELECT count(DISTINCT event_id) FROM log_events"));
    }

    [Fact]
    public async Task Watermarks_a_grain_loads_on_another_silo_include_what_the_first_silo_stored()
    {
        await using var other = new LakeFixture("silo2", _silo.Root);
        var sample = Metric("api", "up", Ms(30), 1);
        await _silo.Store.AppendAsync("api", [sample], CancellationToken.None);

        var watermarks = await other.Store.LoadWatermarksAsync("api", CancellationToken.None);

        Assert.Equal(Ms(30), watermarks[sample.SeriesId]);
    }

    [Fact]
    public async Task A_new_billing_delivery_of_a_period_replaces_the_earlier_one_even_from_another_silo()
    {
        await using var other = new LakeFixture("silo2", _silo.Root);
        await using (var v1 = _silo.Billing.OpenDelivery())
        {
            await v1.AppendAsync("v1", [Billing(10m, line: 2), Billing(20m, line: 3)], CancellationToken.None);
            await v1.CommitAsync(["v1"], ["v1"], CancellationToken.None);
        }
        Assert.Equal(30m, _silo.Scalar<decimal>("SELECT sum(BilledCost) FROM focus_line_items"));
        _silo.Time.Advance(TimeSpan.FromHours(1));
        other.Time.Advance(TimeSpan.FromHours(1));

        await using (var v2 = other.Billing.OpenDelivery())
        {
            await v2.AppendAsync("v2", [Billing(5m, line: 2)], CancellationToken.None);
            await v2.CommitAsync(["v2"], ["v2"], CancellationToken.None);
        }

        Assert.Equal(5m, _silo.Scalar<decimal>("SELECT sum(BilledCost) FROM focus_line_items"));
        Assert.Equal("v2", _silo.Scalar<string>("SELECT string_agg(DISTINCT import_id) FROM focus_line_items"));
        Assert.Equal(2, _silo.FilesOf(LakeKind.Billing).Count);
    }

    [Fact]
    public async Task A_staged_file_is_invisible_to_readers_until_it_is_renamed_in()
    {
        using var connection = _silo.Database.OpenReader();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "CREATE TEMP TABLE staged AS SELECT 'api' AS service, 'up' AS metric, CAST(1 AS UBIGINT) AS series_id, TIMESTAMP '2024-09-01 00:00:00' AS ts, 1.0 AS value";
            command.ExecuteNonQuery();
        }
        var files = _silo.Writer.Stage(connection, LakeKind.Metrics, "staged");

        Assert.All(files, f => Assert.StartsWith(".", Path.GetFileName(f.TemporaryPath)));
        Assert.Empty(_silo.Layout.LiveFiles(LakeKind.Metrics));
        Assert.Equal(0, _silo.Scalar<long>("SELECT count(*) FROM metric_samples"));

        _silo.Writer.Publish(files);

        Assert.Single(_silo.Layout.LiveFiles(LakeKind.Metrics));
        Assert.Equal(1, _silo.Scalar<long>("SELECT count(*) FROM metric_samples"));
        Assert.All(files, f => Assert.False(File.Exists(f.TemporaryPath)));
        await Task.CompletedTask;
    }
}
