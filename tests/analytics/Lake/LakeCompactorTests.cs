using Platform.Insights.Analytics.Lake;
using static Platform.Insights.Analytics.Tests.Support.Samples;

namespace Platform.Insights.Analytics.Tests.Lake;

/// <summary>Compaction: one file per partition, the same rows, crash-safe, never read twice.</summary>
public sealed class LakeCompactorTests : IAsyncLifetime
{
    private readonly LakeFixture _silo = new("silo1", minFiles: 2);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private async Task<string> FiveSmallFilesAsync()
    {
        for (var batch = 0; batch < 5; batch++)
        {
            var samples = Enumerable.Range(0, 20).Select(i => Metric("api", "latency", Ms(batch * 20 + i), batch * 100 + i)).ToArray();
            await _silo.Store.AppendAsync("api", samples, CancellationToken.None);
        }
        return Assert.Single(_silo.Layout.Partitions(LakeKind.Metrics));
    }

    private (long Rows, double Sum) Totals() =>
        (_silo.Scalar<long>("SELECT count(*) FROM metric_samples"), _silo.Scalar<double>("SELECT sum(value) FROM metric_samples"));

    [Fact]
    public async Task Compaction_merges_a_partitions_files_into_one_with_row_count_and_sums_unchanged()
    {
        var partition = await FiveSmallFilesAsync();
        var before = Totals();
        Assert.Equal(5, PartitionListing.Read(partition).Live.Count);

        var result = await _silo.Compactor.CompactAsync(LakeKind.Metrics, partition, CancellationToken.None);

        Assert.Equal("compacted", result.Outcome);
        Assert.Equal(5, result.FilesMerged);
        Assert.Equal(100, result.Rows);
        var live = Assert.Single(PartitionListing.Read(partition).Live);
        Assert.StartsWith("compact-silo1-", Path.GetFileName(live), StringComparison.Ordinal);
        Assert.Equal(before, Totals());
        Assert.Equal((100L, before.Sum), (before.Rows, Totals().Sum));
    }

    [Fact]
    public async Task Replaced_files_stay_unread_through_the_grace_period_and_are_deleted_after_it()
    {
        var partition = await FiveSmallFilesAsync();
        var before = Totals();
        await _silo.Compactor.CompactAsync(LakeKind.Metrics, partition, CancellationToken.None);
        Assert.Equal(7, Directory.GetFiles(partition).Length); // 5 old + merged + marker

        _silo.Time.Advance(TimeSpan.FromMinutes(9));
        var early = await _silo.Compactor.CompactAsync(LakeKind.Metrics, partition, CancellationToken.None);
        Assert.Equal("grace", early.Outcome);
        Assert.Equal(7, Directory.GetFiles(partition).Length);
        Assert.Equal(before, Totals());

        _silo.Time.Advance(TimeSpan.FromMinutes(2));
        var late = await _silo.Compactor.CompactAsync(LakeKind.Metrics, partition, CancellationToken.None);
        Assert.Equal(5, late.FilesDeleted);
        Assert.Single(Directory.GetFiles(partition));
        Assert.Equal(before, Totals());
    }

    [Fact]
    public async Task A_compaction_that_died_before_its_rename_changes_nothing_and_the_next_run_cleans_it_up()
    {
        var partition = await FiveSmallFilesAsync();
        var before = Totals();
        var olds = PartitionListing.Read(partition).Live.Select(Path.GetFileName).OfType<string>().ToList();
        // What a crash between the marker's rename and the merged file's rename leaves: the marker and a temporary file.
        File.WriteAllText(Path.Combine(partition, "compact-dead-1.replaces"), CompactionMarker.Render(olds, _silo.Time.GetUtcNow()));
        File.WriteAllText(Path.Combine(partition, ".compact-dead-1.parquet.tmp"), "half a file");

        Assert.Equal(5, PartitionListing.Read(partition).Live.Count);
        Assert.Equal(before, Totals());

        var result = await _silo.Compactor.CompactAsync(LakeKind.Metrics, partition, CancellationToken.None);

        Assert.Equal("compacted", result.Outcome);
        Assert.False(File.Exists(Path.Combine(partition, "compact-dead-1.replaces")));
        Assert.False(File.Exists(Path.Combine(partition, ".compact-dead-1.parquet.tmp")));
        Assert.Equal(before, Totals());
    }

    [Fact]
    public async Task A_reader_that_lists_after_the_merged_file_appears_reads_it_instead_of_the_old_files_never_both()
    {
        var partition = await FiveSmallFilesAsync();
        var olds = PartitionListing.Read(partition).Live;

        await _silo.Compactor.CompactAsync(LakeKind.Metrics, partition, CancellationToken.None);
        var listing = PartitionListing.Read(partition);

        Assert.All(olds, o => Assert.True(File.Exists(o)));
        Assert.DoesNotContain(listing.Live, olds.Contains);
        Assert.Single(listing.Live);
    }

    [Fact]
    public async Task Concurrent_compactors_of_one_partition_compact_it_once()
    {
        var partition = await FiveSmallFilesAsync();
        var before = Totals();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => _silo.Compactor.CompactAsync(LakeKind.Metrics, partition, CancellationToken.None))));

        Assert.Single(results, r => r.Outcome == "compacted");
        Assert.Single(PartitionListing.Read(partition).Live);
        Assert.Equal(before, Totals());
    }

    /// <summary>A crashed writer's leftover: a hidden temporary file in the partition, last written <paramref name="age"/> ago on the fake clock.</summary>
    private string LeftoverTemporary(string partition, string name, TimeSpan age)
    {
        var path = Path.Combine(partition, $".{name}.parquet.tmp");
        File.WriteAllText(path, "half a file");
        File.SetLastWriteTimeUtc(path, (_silo.Time.GetUtcNow() - age).UtcDateTime);
        return path;
    }

    [Fact]
    public async Task A_crashed_writers_temporary_file_is_deleted_once_older_than_the_stale_age_and_counted()
    {
        await _silo.Store.AppendAsync("api", [Metric("api", "up", Ms(0), 1)], CancellationToken.None);
        var partition = Assert.Single(_silo.Layout.Partitions(LakeKind.Metrics));
        var before = Totals();
        var old = LeftoverTemporary(partition, "dead-00000000000000001", TimeSpan.FromMinutes(59));
        var fresh = LeftoverTemporary(partition, "busy-00000000000000001", TimeSpan.Zero);

        var early = await _silo.Compactor.CompactAsync(LakeKind.Metrics, partition, CancellationToken.None);
        Assert.Equal(("too_few_files", 0), (early.Outcome, early.StaleTemporaryDeleted));
        Assert.True(File.Exists(old));

        _silo.Time.Advance(TimeSpan.FromMinutes(2)); // the default age is 1 h: 61 min for one file, 2 min for the other
        var late = await _silo.Compactor.CompactAsync(LakeKind.Metrics, partition, CancellationToken.None);

        Assert.Equal(("cleaned", 1), (late.Outcome, late.StaleTemporaryDeleted));
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(fresh));
        Assert.Equal(before, Totals());
        using var text = new MemoryStream();
        await _silo.Registry.CollectAndExportAsTextAsync(text);
        Assert.Contains("insights_lake_stale_temporary_files_deleted_total{kind=\"metrics\"} 1\n",
            System.Text.Encoding.UTF8.GetString(text.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_temporary_file_is_left_alone_while_another_silo_holds_the_partition()
    {
        await _silo.Store.AppendAsync("api", [Metric("api", "up", Ms(0), 1)], CancellationToken.None);
        var partition = Assert.Single(_silo.Layout.Partitions(LakeKind.Metrics));
        var old = LeftoverTemporary(partition, "dead-00000000000000001", TimeSpan.FromHours(3));
        var locks = new ProcessPartitionLock();
        var compactor = new LakeCompactor(_silo.Writer, locks, _silo.Options, _silo.Time, _silo.Meters,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<LakeCompactor>.Instance);

        await using (await locks.TryAcquireAsync($"metrics/{Path.GetFileName(partition)}", CancellationToken.None))
        {
            Assert.Equal("locked", (await compactor.CompactAsync(LakeKind.Metrics, partition, CancellationToken.None)).Outcome);
            Assert.True(File.Exists(old));
        }

        Assert.Equal(1, (await compactor.CompactAsync(LakeKind.Metrics, partition, CancellationToken.None)).StaleTemporaryDeleted);
        Assert.False(File.Exists(old));
    }
}
