using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Ingest.Records;
using static Platform.Insights.Analytics.Tests.Support.Samples;

namespace Platform.Insights.Analytics.Tests.Store;

/// <summary>
/// The store writer's wait for more remote-write appends (<see cref="StoreOptions.WriteLinger"/>): appends that arrive
/// within it share one transaction, none is answered or stored before that transaction commits, and batches without
/// sample columns or that are full do not wait. The linger's clock is fake and never advanced unless a test
/// says so, so "did not wait" cannot pass by the linger simply running out.
/// </summary>
public sealed class StoreWriterLingerTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(Epoch);
    private readonly Prometheus.CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private InsightsDatabase _database = null!;
    private StoreWriter _writer = null!;

    public Task InitializeAsync()
    {
        _database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time);
        var options = new StoreOptions { Data = _dir.Path, WriteBatchRows = 1_000, WriteLinger = TimeSpan.FromMilliseconds(5) };
        _writer = new StoreWriter(_database, Options.Create(options), _time, new StoreMeters(_registry), NullLogger<StoreWriter>.Instance)
        {
            LingerClock = _time,
        };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        _database.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Remote_write_appends_arriving_within_the_linger_share_one_transaction_answered_only_after_it_commits()
    {
        var first = _writer.AppendAsync("api", [Columns("api", "a", 0, 3)], CancellationToken.None);
        await WaitUntilQueueIsTakenAsync();
        var second = _writer.AppendAsync("web", [Columns("web", "b", 0, 2), Columns("web", "c", 5, 1)], CancellationToken.None);
        await WaitUntilQueueIsTakenAsync();

        // Both taken, the writer's clock not moved: the linger is not over, so nothing is answered and nothing stored.
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        Assert.Equal(0L, Sql.Count(_database, "SELECT count(*) FROM metric_samples"));
        Assert.Equal(0.0, await MeterAsync("insights_store_transactions_total{outcome=\"committed\"}"));

        // The clock moves on a millisecond at a time until the linger (5 ms) runs out and the one transaction commits.
        var deadline = Environment.TickCount64 + (long)Bound.TotalMilliseconds;
        while (!(first.IsCompleted && second.IsCompleted) && Environment.TickCount64 < deadline)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            await Task.WhenAny(Task.WhenAll(first, second), Task.Delay(10));
        }
        await first.WaitAsync(Bound);
        await second.WaitAsync(Bound);

        Assert.Equal(1.0, await MeterAsync("insights_store_transactions_total{outcome=\"committed\"}"));
        Assert.Equal(1.0, await MeterAsync("insights_store_lingers_total"));
        Assert.Equal(3L, Sql.SamplesOf(_database, "api"));
        Assert.Equal(3L, Sql.SamplesOf(_database, "web"));
        Assert.Equal(3L, Sql.Count(_database, "SELECT count(*) FROM metric_series"));
    }

    [Fact]
    public async Task Row_appends_and_full_batches_are_committed_without_waiting()
    {
        // Rows appended directly (not remote write's columns) arrive whole: nothing else of theirs is on the way.
        await _writer.AppendAsync("api", [Metric("api", "up", Ms(0)), Metric("api", "up", Ms(1))], CancellationToken.None).WaitAsync(Bound);
        // A remote-write append that fills the batch (WriteBatchRows = 1,000) has no room to wait for.
        await _writer.AppendAsync("web", [Columns("web", "full", 0, 1_000)], CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(2.0, await MeterAsync("insights_store_transactions_total{outcome=\"committed\"}"));
        Assert.Equal(0.0, await MeterAsync("insights_store_lingers_total"));
        Assert.Equal(1_002L, Sql.Count(_database, "SELECT count(*) FROM metric_samples"));
    }

    /// <summary>One series of <paramref name="count"/> samples a minute apart from minute <paramref name="from"/>.</summary>
    private static SeriesSamples Columns(string service, string instance, int from, int count)
    {
        var sample = Metric(service, "probe_success", Ms(from), instance: instance);
        var minutes = Enumerable.Range(from, count).ToArray();
        return new SeriesSamples(sample.Metric, sample.Labels, sample.SeriesId, [.. minutes.Select(Ms)], [.. minutes.Select(m => (double)m)]);
    }

    private async Task<double> MeterAsync(string series)
    {
        using var text = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(text);
        var line = System.Text.Encoding.UTF8.GetString(text.ToArray()).Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits (polling the queue gauge, at most <see cref="Bound"/>) until the writer has taken every queued request.</summary>
    private async Task WaitUntilQueueIsTakenAsync()
    {
        var deadline = Environment.TickCount64 + (long)Bound.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            if (await MeterAsync("insights_store_queue_requests") == 0)
            {
                return;
            }
            await Task.Yield();
        }
        throw new TimeoutException("the store writer did not take its queue");
    }
}
