using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Analytics.Tests.Store;

/// <summary>
/// What keeps a log import's memory from growing with the file (BENCHMARKS.md §16a): DuckDB's buffer pool is capped, and the
/// store writer cuts a backlog of log writes into transactions bounded by bytes, not only rows.
/// </summary>
public sealed class StoreMemoryBoundTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(24L * 1024 * MiB, "1024MiB")]
    [InlineData(2L * 1024 * MiB, "512MiB")]
    [InlineData(256 * MiB, "128MiB")]
    [InlineData(0L, "1024MiB")]
    public void An_unset_memory_limit_is_a_quarter_of_the_memory_available_within_bounds(long available, string expected) =>
        Assert.Equal(expected, new StoreOptions().ResolveMemoryLimit(available));

    [Fact]
    public void A_configured_memory_limit_wins_over_the_machine_default() =>
        Assert.Equal("300MB", new StoreOptions { MemoryLimit = "300MB" }.ResolveMemoryLimit(64L * 1024 * MiB));

    [Fact]
    public void The_store_runs_under_the_memory_limit_it_was_given()
    {
        using var database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time, memoryLimit: "192MiB");

        var setting = Assert.IsType<string>(Sql.Scalar(database, "SELECT current_setting('memory_limit')"));
        Assert.Equal("192.0 MiB", setting);
    }

    [Fact]
    public async Task A_backlog_of_log_writes_commits_in_transactions_bounded_by_bytes()
    {
        using var database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time);
        var registry = Prometheus.Metrics.NewCustomRegistry();
        // 1 MiB per transaction at most; each write below is ~0.6 MiB, so a transaction takes two of them at most.
        var options = new StoreOptions { Data = _dir.Path, WriteBatchBytes = (int)MiB };
        await using var writer = new StoreWriter(database, Options.Create(options), _time, new StoreMeters(registry), NullLogger<StoreWriter>.Instance);
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        // Hold the single write connection so every write below queues behind it, as when the store falls behind a file.
        var holder = Task.Run(() => database.WriteAsync(_ =>
        {
            entered.Set();
            release.Wait(TimeSpan.FromSeconds(30));
        }, CancellationToken.None));
        entered.Wait(TimeSpan.FromSeconds(30));
        const int writes = 8, perWrite = 300;
        var padding = new string('x', 2_000);
        var calls = Enumerable.Range(0, writes).Select(w => writer.AppendAsync($"svc-{w}", Enumerable.Range(0, perWrite)
            .Select(i => Samples.Log($"w{w}-e{i}", $"svc-{w}", _time.GetUtcNow().AddSeconds(i)) with { RawJson = $"{{\"pad\":\"{padding}\"}}" })
            .ToList(), CancellationToken.None)).ToList();
        await WaitForQueuedAsync(registry, writes);
        release.Set();
        await holder;

        var stored = await Task.WhenAll(calls);

        Assert.All(stored, s => Assert.Equal(perWrite, s.Count));
        Assert.Equal((long)writes * perWrite, Sql.Count(database, "SELECT count(*) FROM log_events"));
        var committed = Value(await MetricsAsync(registry), "insights_store_transactions_total{outcome=\"committed\"} ");
        Assert.True(committed >= writes / 2, $"expected at least {writes / 2} transactions, got {committed}");
    }

    private static async Task<string> MetricsAsync(Prometheus.CollectorRegistry registry)
    {
        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text);
        return System.Text.Encoding.UTF8.GetString(text.ToArray());
    }

    private static double Value(string metrics, string prefix)
    {
        var line = metrics.Split('\n').SingleOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until the writer has taken one write and the rest are queued behind the held connection.</summary>
    private static async Task WaitForQueuedAsync(Prometheus.CollectorRegistry registry, int writes)
    {
        for (var attempt = 0; attempt < 2000; attempt++)
        {
            // The writer took one or two writes (its byte bound) before it met the held connection; the rest wait in its queue.
            if (Value(await MetricsAsync(registry), "insights_store_queue_requests ") >= writes - 2)
            {
                return;
            }
            await Task.Delay(5);
        }
        throw new TimeoutException("the writes did not queue");
    }
}
