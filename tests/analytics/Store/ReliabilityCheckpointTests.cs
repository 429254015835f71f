using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Sinks;
using static Platform.Insights.Analytics.Tests.Support.Samples;

namespace Platform.Insights.Analytics.Tests.Store;

/// <summary>
/// DuckDB's automatic checkpoint failing while the store serves (a disk that fills while the checkpoint rewrites the
/// file): DuckDB invalidates the whole instance, and before this every later write failed until a restart. The failure
/// is DuckDB's own — its <c>debug_checkpoint_abort</c> makes the real checkpoint of a real store throw, which
/// invalidates the instance exactly as "No space left on device" does (RELIABILITY.md section 2 has the tmpfs run).
/// </summary>
public sealed class ReliabilityCheckpointTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_failed_automatic_checkpoint_is_survived_the_store_reopens_once_space_returns_and_nothing_committed_is_lost()
    {
        var time = new FakeTimeProvider(Epoch);
        var disk = new CheckpointDisk();
        Migrate(time);
        var database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), time, fault: disk);
        try
        {
            await using var writer = new StoreWriter(database, Options.Create(new StoreOptions { Data = _dir.Path }), time,
                new StoreMeters(Prometheus.Metrics.NewCustomRegistry()), NullLogger<StoreWriter>.Instance, fault: disk);
            var small = Events(0, 10);
            var big = Events(10, 5_000);
            var later = Events(5_010, 10);

            var acknowledged = await writer.AppendAsync("ckpt", small, CancellationToken.None);
            var checkpointFailure = await Record.ExceptionAsync(() => writer.AppendAsync("ckpt", big, CancellationToken.None));
            var invalidated = database.Invalidated;
            var reasonAfterCheckpoint = writer.Unwritable;
            disk.Full = true;
            var whileFull = await Record.ExceptionAsync(() => writer.AppendAsync("ckpt", later, CancellationToken.None));
            var reasonWhileFull = writer.Unwritable;
            disk.SpaceReturns();
            var resent = await writer.AppendAsync("ckpt", big, CancellationToken.None);
            var afterwards = await writer.AppendAsync("ckpt", later, CancellationToken.None);

            Assert.Equal(10, acknowledged.Count);
            Assert.IsType<StoreInvalidatedException>(checkpointFailure);
            Assert.True(StoreWriteFailure.IsFileSystem(checkpointFailure), "ingest answers 503 + Retry-After for it");
            Assert.Contains(_dir.Path, checkpointFailure.Message, StringComparison.Ordinal);
            Assert.Contains("checkpoint", invalidated, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("failed checkpoint", reasonAfterCheckpoint, StringComparison.Ordinal);
            Assert.IsType<StoreUnwritableException>(whileFull);
            Assert.Equal("No space left on device", reasonWhileFull);
            Assert.Null(database.Invalidated);
            Assert.Null(writer.Unwritable);
            Assert.Equal(10, afterwards.Count);
            // The big batch may have reached the WAL before its checkpoint failed; then the resend is a duplicate, never a second row.
            Assert.InRange(resent.Count, 0, 5_000);
            Assert.Equal(5_020, Sql.Count(database, "SELECT count(*) FROM log_events WHERE service = 'ckpt'"));
            Assert.Equal(5_020, Sql.Count(database, "SELECT count(DISTINCT event_id) FROM log_events WHERE service = 'ckpt'"));
        }
        finally
        {
            database.Dispose();
        }
        using var reopened = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), time);
        Assert.Equal(5_020, Sql.Count(reopened, "SELECT count(DISTINCT event_id) FROM log_events WHERE service = 'ckpt'"));
    }

    [Fact]
    public async Task An_invalidated_store_is_reopened_only_once_its_last_reader_has_closed_and_meanwhile_writes_fail_retryably()
    {
        var time = new FakeTimeProvider(Epoch);
        var disk = new CheckpointDisk();
        Migrate(time);
        using var database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), time, fault: disk);
        await using var writer = new StoreWriter(database, Options.Create(new StoreOptions { Data = _dir.Path }), time,
            new StoreMeters(Prometheus.Metrics.NewCustomRegistry()), NullLogger<StoreWriter>.Instance, fault: disk);
        await writer.AppendAsync("ckpt", Events(0, 10), CancellationToken.None);
        var reader = database.OpenReader();
        await Record.ExceptionAsync(() => writer.AppendAsync("ckpt", Events(10, 5_000), CancellationToken.None));
        disk.SpaceReturns();

        var whileReaderOpen = await Record.ExceptionAsync(() => writer.AppendAsync("ckpt", Events(5_010, 10), CancellationToken.None));
        var stillInvalidated = database.Invalidated;
        reader.Dispose();
        var recovered = await database.RecoverAsync(CancellationToken.None);
        var stored = await writer.AppendAsync("ckpt", Events(5_010, 10), CancellationToken.None);

        Assert.IsType<StoreInvalidatedException>(whileReaderOpen);
        Assert.NotNull(stillInvalidated);
        Assert.True(recovered);
        Assert.Equal(10, stored.Count);
        Assert.Equal(10, Sql.Count(database, "SELECT count(*) FROM log_events WHERE service = 'ckpt' AND event_id LIKE 'ev-0000%'"));
    }

    /// <summary>The schema is created (and checkpointed at close) first, so the failing checkpoint is one taken while serving.</summary>
    private void Migrate(TimeProvider time) => InsightsDatabase.Open(_dir.Path, new StoreRole("test"), time).Dispose();

    private static LogEvent[] Events(int from, int count) =>
        [.. Enumerable.Range(from, count).Select(i => Log($"ev-{i:D6}", "ckpt", Epoch.AddSeconds(i), action: "request"))];

    /// <summary>
    /// A disk with room for the WAL but not for the first checkpoint (DuckDB's own checkpoint of the first instance aborts once
    /// the WAL passes 64 KB), then full (commits fail too), then with space again; instances opened later checkpoint normally.
    /// </summary>
    private sealed class CheckpointDisk : IStoreWriteFault
    {
        private int _checkpointFailures = 1;
        private volatile bool _full;

        public bool Full
        {
            get => _full;
            set => _full = value;
        }

        public void SpaceReturns() => _full = false;

        public void ThrowIfFailing(string directory)
        {
            if (_full)
            {
                throw new IOException($"Could not write file \"{Path.Combine(directory, "insights.duckdb.wal")}\": No space left on device");
            }
        }

        public void Configure(DuckDBConnection connection)
        {
            if (Interlocked.Exchange(ref _checkpointFailures, 0) == 1)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SET checkpoint_threshold = '64KB'; SET debug_checkpoint_abort = 'before_header';";
                command.ExecuteNonQuery();
            }
        }
    }
}
