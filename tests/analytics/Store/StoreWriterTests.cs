using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Ingest.Records;
using static Platform.Insights.Analytics.Tests.Support.Samples;

namespace Platform.Insights.Analytics.Tests.Store;

public sealed class StoreWriterTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private InsightsDatabase _database = null!;
    private readonly Prometheus.CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private StoreWriter _writer = null!;

    public Task InitializeAsync()
    {
        _database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time);
        _writer = new StoreWriter(_database, Options.Create(new StoreOptions { Data = _dir.Path }), _time, new StoreMeters(_registry), NullLogger<StoreWriter>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        _database.Dispose();
        _dir.Dispose();
    }

    /// <summary>Waits until the writer has taken every queued request (its queue gauge is back at zero).</summary>
    private async Task WaitUntilQueueIsTakenAsync()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            using var text = new MemoryStream();
            await _registry.CollectAndExportAsTextAsync(text);
            var line = System.Text.Encoding.UTF8.GetString(text.ToArray()).Split('\n').Single(l => l.StartsWith("insights_store_queue_requests ", StringComparison.Ordinal));
            if (line.EndsWith(" 0", StringComparison.Ordinal))
            {
                return;
            }
            await Task.Delay(5);
        }
        throw new TimeoutException("the store writer did not take its queue");
    }

    [Fact]
    public async Task Samples_from_many_concurrent_callers_all_land()
    {
        const int callers = 40, perCall = 250;
        var calls = Enumerable.Range(0, callers).Select(c => Task.Run(() =>
        {
            var service = $"svc-{c % 8}";
            var samples = Enumerable.Range(0, perCall)
                .Select(i => Metric(service, "http_requests_total", Ms(i), i, instance: $"i-{c}"))
                .ToArray();
            return _writer.AppendAsync(service, samples, CancellationToken.None);
        }));

        await Task.WhenAll(calls);

        Assert.Equal((long)callers * perCall, Sql.Count(_database, "SELECT count(*) FROM metric_samples"));
        Assert.Equal(callers, Sql.Count(_database, "SELECT count(*) FROM metric_series"));
        Assert.Equal(5L * perCall, Sql.SamplesOf(_database, "svc-3"));
    }

    [Fact]
    public async Task A_new_series_is_registered_once_with_its_labels()
    {
        var first = Metric("checkout", "probe_success", Ms(1), 1, instance: "https://checkout");
        var second = Metric("checkout", "probe_success", Ms(2), 0, instance: "https://checkout");

        await _writer.AppendAsync("checkout", [first], CancellationToken.None);
        await _writer.AppendAsync("checkout", [second, Metric("checkout", "probe_success", Ms(3))], CancellationToken.None);

        var rows = Sql.Rows(_database, "SELECT series_id, service, metric, labels::VARCHAR, first_seen FROM metric_series");
        var series = Assert.Single(rows, r => Convert.ToUInt64(r[0], System.Globalization.CultureInfo.InvariantCulture) == first.SeriesId);
        Assert.Equal("checkout", series[1]);
        Assert.Equal("probe_success", series[2]);
        Assert.Equal("""{"instance":"https://checkout","service":"checkout"}""", series[3]);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, series[4]);
        Assert.Equal(2, rows.Count);
        Assert.Equal(3L, Sql.SamplesOf(_database, "checkout"));
        Assert.Equal("https://checkout", Sql.Scalar(_database, "SELECT labels->>'instance' FROM metric_series WHERE series_id = $id", ("id", first.SeriesId)));
    }

    [Fact]
    public async Task Series_known_to_the_file_are_not_registered_again_by_a_new_writer()
    {
        await _writer.AppendAsync("a", [Metric("a", "up", Ms(1))], CancellationToken.None);
        await using var second = new StoreWriter(_database, Options.Create(new StoreOptions { Data = _dir.Path }), _time, new StoreMeters(Prometheus.Metrics.NewCustomRegistry()), NullLogger<StoreWriter>.Instance);

        await second.AppendAsync("a", [Metric("a", "up", Ms(2))], CancellationToken.None);

        Assert.Equal(1L, Sql.Count(_database, "SELECT count(*) FROM metric_series"));
        Assert.Equal(2L, Sql.SamplesOf(_database, "a"));
    }

    [Fact]
    public async Task Watermarks_are_the_last_stored_timestamp_of_each_series_of_the_service()
    {
        var a = Metric("api", "up", Ms(5), instance: "a");
        var b = Metric("api", "up", Ms(2), instance: "b");
        await _writer.AppendAsync("api", [a, Metric("api", "up", Ms(9), instance: "a"), Metric("api", "up", Ms(7), instance: "a"), b], CancellationToken.None);
        await _writer.AppendAsync("web", [Metric("web", "up", Ms(60))], CancellationToken.None);

        var marks = await _writer.LoadWatermarksAsync("api", CancellationToken.None);

        Assert.Equal(2, marks.Count);
        Assert.Equal(Ms(9), marks[a.SeriesId]);
        Assert.Equal(Ms(2), marks[b.SeriesId]);
        Assert.Empty(await _writer.LoadWatermarksAsync("nobody", CancellationToken.None));
    }

    [Fact]
    public async Task Log_events_already_stored_or_repeated_in_a_batch_are_stored_once()
    {
        var at = Epoch;
        var stored = await _writer.AppendAsync("api", [Log("e1", "api", at), Log("e2", "api", at), Log("e2", "api", at.AddSeconds(1))], CancellationToken.None);
        Assert.Equal(["e1", "e2"], stored.Select(e => e.EventId));
        Assert.Equal(at, stored[1].Timestamp);

        var again = await _writer.AppendAsync("api", [Log("e1", "api", at), Log("e3", "api", at), Log("e3", "api", at)], CancellationToken.None);

        Assert.Equal(["e3"], again.Select(e => e.EventId));
        Assert.Equal(3L, Sql.EventsOf(_database, "api"));
        // The first occurrence within a batch wins.
        Assert.Equal(at.UtcDateTime, Sql.Scalar(_database, "SELECT ts FROM log_events WHERE event_id = 'e2'"));
        Assert.Empty(await _writer.AppendAsync("api", [Log("e1", "api", at)], CancellationToken.None));
    }

    [Fact]
    public async Task Log_fields_are_stored_as_given()
    {
        var start = Epoch.AddMinutes(-5);
        await _writer.AppendAsync("api", [Log("inc-1", "api", Epoch, action: "incident", labelsJson: """{"incident_id":"INC-7"}""", start: start, version: "1.2.3", environment: "prod", outcome: "failure")], CancellationToken.None);

        var row = Assert.Single(Sql.Rows(_database, "SELECT ts, action, environment, service_version, outcome, event_start, event_end, labels->>'incident_id', raw->>'$.event.id' FROM log_events"));
        Assert.Equal([Epoch.UtcDateTime, "incident", "prod", "1.2.3", "failure", start.UtcDateTime, null, "INC-7", "inc-1"], row);
    }

    [Fact]
    public async Task Concurrent_log_writes_for_the_same_service_each_get_their_own_stored_events()
    {
        // Hold the writer so that both requests are queued, then committed in one transaction.
        using var release = new ManualResetEventSlim();
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hold = Task.Run(() => _database.WriteAsync(_ => { holding.SetResult(); release.Wait(); }, CancellationToken.None));
        await holding.Task;
        var first = _writer.AppendAsync("other", [Log("o1", "other", Epoch)], CancellationToken.None);
        await WaitUntilQueueIsTakenAsync();

        var three = _writer.AppendAsync("api", [Log("a1", "api", Epoch), Log("a2", "api", Epoch), Log("a3", "api", Epoch)], CancellationToken.None);
        var two = _writer.AppendAsync("api", [Log("b1", "api", Epoch), Log("b2", "api", Epoch), Log("a1", "api", Epoch)], CancellationToken.None);
        release.Set();
        await hold;
        Assert.Single(await first);

        Assert.Equal(["a1", "a2", "a3"], (await three).Select(e => e.EventId));
        Assert.Equal(["b1", "b2"], (await two).Select(e => e.EventId));
        Assert.Equal(5L, Sql.EventsOf(_database, "api"));
    }

    [Fact]
    public async Task A_failed_transaction_rejects_every_request_in_it_and_stores_nothing()
    {
        await _writer.AppendAsync("api", [Metric("api", "up", Ms(0))], CancellationToken.None);
        using var release = new ManualResetEventSlim();
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hold = Task.Run(() => _database.WriteAsync(_ => { holding.SetResult(); release.Wait(); }, CancellationToken.None));
        await holding.Task;
        // The writer takes this request first and waits for the store; the next two queue up behind it.
        var first = _writer.AppendAsync("other", [Metric("other", "up", Ms(0))], CancellationToken.None);
        await WaitUntilQueueIsTakenAsync();

        var newSeries = Metric("api", "http_requests_total", Ms(1), instance: "new");
        var metrics = _writer.AppendAsync("api", [newSeries, Metric("api", "up", Ms(1))], CancellationToken.None);
        // An event without an id violates log_events.event_id NOT NULL: the whole transaction fails.
        var logs = _writer.AppendAsync("api", [Log("good", "api", Epoch), Log(null!, "api", Epoch)], CancellationToken.None);
        release.Set();
        await hold;
        await first;

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => metrics);
        Assert.Contains("log_events.event_id", failure.Message, StringComparison.Ordinal);
        Assert.Same(failure, await Assert.ThrowsAnyAsync<Exception>(() => logs));
        Assert.Equal(1L, Sql.SamplesOf(_database, "api"));
        Assert.Equal(1L, Sql.Count(_database, "SELECT count(*) FROM metric_series WHERE service = 'api'"));
        Assert.Equal(0L, Sql.EventsOf(_database, "api"));

        // The writer recovers: a retry stores everything and registers the new series exactly once.
        await _writer.AppendAsync("api", [newSeries, Metric("api", "up", Ms(1))], CancellationToken.None);
        Assert.Single(await _writer.AppendAsync("api", [Log("good", "api", Epoch)], CancellationToken.None));
        Assert.Equal(3L, Sql.SamplesOf(_database, "api"));
        Assert.Equal(2L, Sql.Count(_database, "SELECT count(*) FROM metric_series WHERE service = 'api'"));
        Assert.Equal(1L, Sql.EventsOf(_database, "api"));
    }
}
