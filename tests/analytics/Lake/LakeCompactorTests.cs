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
}
