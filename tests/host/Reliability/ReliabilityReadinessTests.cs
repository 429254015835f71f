using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Host.Server;
using Platform.Insights.Host.Tests.Support;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Sinks;

namespace Platform.Insights.Host.Tests.Reliability;

/// <summary>
/// <c>/readyz</c>'s store check says the store is not writable while its writes fail on the file system (a full disk,
/// injected at the commit: see <see cref="IStoreWriteFault"/>), naming the directory, and is ready again once a write commits.
/// </summary>
public sealed class ReliabilityReadinessTests : IDisposable
{
    private readonly TempDir _work = new("readiness");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task Readiness_reports_the_store_not_writable_while_the_disk_is_full_and_ready_again_after_a_commit()
    {
        var disk = new FullDisk();
        var data = _work.Sub("data");
        using var database = InsightsDatabase.Open(data, new StoreRole("test"), TimeProvider.System);
        await using var writer = new StoreWriter(database, Options.Create(new StoreOptions { Data = data }), TimeProvider.System,
            new StoreMeters(Prometheus.Metrics.NewCustomRegistry()), NullLogger<StoreWriter>.Instance, fault: disk);
        var check = new StoreHealthCheck(database, writer);
        var sample = MetricSample.Create("ready_probe", [], TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(), 1);

        var before = await check.CheckHealthAsync(new HealthCheckContext());
        disk.Full = true;
        await Assert.ThrowsAsync<StoreUnwritableException>(() => writer.AppendAsync("ready", [sample], CancellationToken.None));
        var whileFull = await check.CheckHealthAsync(new HealthCheckContext());
        disk.Full = false;
        await writer.AppendAsync("ready", [sample], CancellationToken.None);
        var after = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, before.Status);
        Assert.Equal(HealthStatus.Unhealthy, whileFull.Status);
        Assert.Contains("store not writable", whileFull.Description, StringComparison.Ordinal);
        Assert.Contains(database.Directory, whileFull.Description, StringComparison.Ordinal);
        Assert.Contains("No space left on device", whileFull.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, after.Status);
    }

    [Fact]
    public async Task Readiness_names_a_checkpoint_that_invalidated_the_store_and_heals_by_itself_once_space_returns_without_waiting_for_ingest()
    {
        var disk = new FullDisk { CheckpointFails = true };
        var data = _work.Sub("data");
        InsightsDatabase.Open(data, new StoreRole("test"), TimeProvider.System).Dispose();
        using var database = InsightsDatabase.Open(data, new StoreRole("test"), TimeProvider.System, fault: disk);
        await using var writer = new StoreWriter(database, Options.Create(new StoreOptions { Data = data }), TimeProvider.System,
            new StoreMeters(Prometheus.Metrics.NewCustomRegistry()), NullLogger<StoreWriter>.Instance, fault: disk);
        var check = new StoreHealthCheck(database, writer);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var batch = Enumerable.Range(0, 4_000).Select(i => MetricSample.Create("ready_probe", [new("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture))], now, i)).ToList();

        await Assert.ThrowsAsync<StoreInvalidatedException>(() => writer.AppendAsync("ready", batch, CancellationToken.None));
        disk.Full = true;
        var whileFull = await check.CheckHealthAsync(new HealthCheckContext());
        disk.Full = false;
        var afterSpaceReturns = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, whileFull.Status);
        Assert.Contains("store not writable", whileFull.Description, StringComparison.Ordinal);
        Assert.Contains("No space left on device", whileFull.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, afterSpaceReturns.Status);
        Assert.Null(database.Invalidated);
        Assert.Null(writer.Unwritable);
    }

    private sealed class FullDisk : IStoreWriteFault
    {
        private volatile bool _full;
        private int _checkpointFailures;

        /// <summary>The next instance opened aborts its automatic checkpoint once the WAL passes 64 KB (DuckDB's own failure path).</summary>
        public bool CheckpointFails
        {
            get => Volatile.Read(ref _checkpointFailures) == 1;
            init => _checkpointFailures = value ? 1 : 0;
        }

        public bool Full
        {
            get => _full;
            set => _full = value;
        }

        public void ThrowIfFailing(string directory)
        {
            if (_full)
            {
                throw new IOException($"Could not write file \"{Path.Combine(directory, "insights.duckdb.wal")}\": No space left on device");
            }
        }

        public void Configure(DuckDB.NET.Data.DuckDBConnection connection)
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
