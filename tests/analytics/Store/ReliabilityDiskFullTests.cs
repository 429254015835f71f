using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Sinks;
using Platform.Insights.Ingest.Sources;
using Platform.Insights.Ingest.Tests.Parsers.RemoteWrite;
using static Platform.Insights.Analytics.Tests.Support.Samples;

namespace Platform.Insights.Analytics.Tests.Store;

/// <summary>
/// A data directory that fills up or turns read-only under a real DuckDB store (the failure injected at the commit,
/// <see cref="IStoreWriteFault"/>: tests run as root, whom chmod does not stop): the write fails naming the directory,
/// nothing stored before changes, push ingest says "retry later", and the resend is stored once when space returns.
/// </summary>
public sealed class ReliabilityDiskFullTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SwitchableDiskFault _disk = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_full_disk_fails_the_write_naming_the_directory_keeps_what_was_stored_and_recovers_when_space_returns()
    {
        var time = new FakeTimeProvider(Epoch);
        using var database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), time);
        await using var writer = new StoreWriter(database, Options.Create(new StoreOptions { Data = _dir.Path }), time,
            new StoreMeters(Prometheus.Metrics.NewCustomRegistry()), NullLogger<StoreWriter>.Instance, fault: _disk);
        MetricSample[] Batch(int from) => [.. Enumerable.Range(from, 10).Select(i => Metric("disk", "disk_probe", Ms(i), i))];
        await writer.AppendAsync("disk", Batch(0), CancellationToken.None);
        var before = Sql.Rows(database, "SELECT ts, value FROM metric_samples ORDER BY ts");

        _disk.DiskFull();
        var full = await Assert.ThrowsAsync<StoreUnwritableException>(() => writer.AppendAsync("disk", Batch(10), CancellationToken.None));
        var fullReason = writer.Unwritable;
        _disk.ReadOnly();
        var readOnly = await Assert.ThrowsAsync<StoreUnwritableException>(() => writer.AppendAsync("disk", Batch(10), CancellationToken.None));
        var storedWhileFailing = Sql.Rows(database, "SELECT ts, value FROM metric_samples ORDER BY ts");
        _disk.Recover();
        await writer.AppendAsync("disk", Batch(10), CancellationToken.None);

        Assert.Contains(_dir.Path, full.Message, StringComparison.Ordinal);
        Assert.Contains("No space left on device", full.Message, StringComparison.Ordinal);
        Assert.Contains("Read-only file system", readOnly.Message, StringComparison.Ordinal);
        Assert.Equal("No space left on device", fullReason);
        Assert.Equal(before, storedWhileFailing);
        Assert.Null(writer.Unwritable);
        Assert.Equal(20, Sql.Count(database, "SELECT count(*) FROM metric_samples"));
        Assert.Equal(20, Sql.Count(database, "SELECT count(DISTINCT ts) FROM metric_samples"));
    }

    [Fact]
    public async Task Remote_write_and_log_push_say_retry_later_while_the_directory_is_full_and_store_the_resend_once_space_returns()
    {
        await using var cluster = await InsightsCluster.StartAsync(_dir.Path, services => services.AddSingleton<IStoreWriteFault>(_disk));
        var remoteWrite = cluster.Get<RemoteWriteSource>();
        var logPush = cluster.Get<LogPushSource>();
        var now = TimeProvider.System.GetUtcNow().AddMinutes(-30).ToUnixTimeMilliseconds();
        var body = WriteRequestEncoder.Compressed([RemoteSeries.Of("disk_requests_total", [("service", "disk-full")],
            [.. Enumerable.Range(0, 5).Select(i => (now + (i * 15_000L), (double)i))])]);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(now).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var ndjson = string.Join('\n', Enumerable.Range(0, 3).Select(i =>
            "{\"@timestamp\":\"" + at + "\",\"event\":{\"id\":\"disk-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + "\",\"action\":\"request\"},\"service\":{\"name\":\"disk-full\"}}"));

        _disk.DiskFull();
        var refused = await remoteWrite.WriteAsync(body, CancellationToken.None);
        var pushFailure = await Record.ExceptionAsync(() => logPush.PushAsync(new StringReader(ndjson), "body", CancellationToken.None));
        var writability = cluster.Get<StoreWriter>().Unwritable;
        _disk.Recover();
        var stored = await remoteWrite.WriteAsync(body, CancellationToken.None);
        var pushed = await logPush.PushAsync(new StringReader(ndjson), "body", CancellationToken.None);

        Assert.Equal(RemoteWriteStatus.Overloaded, refused.Status);
        Assert.Contains("No space left on device", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(pushFailure);
        Assert.True(StoreWriteFailure.IsFileSystem(pushFailure), pushFailure.ToString());
        Assert.Contains(_dir.Path, pushFailure.Message, StringComparison.Ordinal);
        Assert.Equal("No space left on device", writability);
        Assert.Equal(RemoteWriteStatus.Stored, stored.Status);
        Assert.Equal(3, pushed.Stored);
        Assert.Equal(5, Sql.Count(cluster.Database, "SELECT count(*) FROM metric_samples WHERE metric = 'disk_requests_total'"));
        Assert.Equal(3, Sql.Count(cluster.Database, "SELECT count(*) FROM log_events WHERE service = 'disk-full'"));
    }
}
