using Apache.Arrow;
using Platform.Insights.Analytics.Lake;
using static Platform.Insights.Analytics.Tests.Support.Samples;

namespace Platform.Insights.Analytics.Tests.Lake;

/// <summary>
/// The Arrow → Parquet write path never shows a reader half a file: a write that fails midway leaves nothing behind, and
/// what a crash leaves (a temporary file, whole or cut short) is invisible to the lake's views until renamed.
/// </summary>
public sealed class LakeHalfFileTests : IAsyncLifetime
{
    private readonly LakeFixture _silo = new("silo1");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public void A_parquet_write_that_fails_after_its_first_row_group_deletes_the_partial_file()
    {
        var path = Path.Combine(_silo.Root, "partial.parquet.tmp");
        Directory.CreateDirectory(_silo.Root);
        var batch = Samples(Epoch, 10).Single().Value;

        Assert.Throws<IOException>(() => LakeParquet.Write(path, batch.Schema, FailingAfter(batch)));

        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_stage_that_fails_on_its_second_date_leaves_no_file_under_a_final_or_temporary_name()
    {
        var first = Samples(Epoch, 10).Single();
        var second = Samples(Epoch.AddDays(1), 10).Single();

        Assert.Throws<IOException>(() => _silo.Writer.Stage(LakeKind.Metrics, Failing(first, second)));

        Assert.Empty(_silo.FilesOf(LakeKind.Metrics));
        Assert.Equal(0L, _silo.Scalar<long>("SELECT count(*) FROM metric_samples"));
    }

    [Fact]
    public void Staged_and_cut_short_temporary_files_stay_unread_until_the_rename_publishes_the_whole_one()
    {
        var staged = _silo.Writer.Stage(LakeKind.Metrics, Samples(Epoch, 1000));
        var file = Assert.Single(staged);
        // What a crash mid-write leaves: another writer's temporary file, cut off halfway through.
        var bytes = File.ReadAllBytes(file.TemporaryPath);
        File.WriteAllBytes(LakeLayout.TemporaryPath(Path.Combine(Path.GetDirectoryName(file.FinalPath)!, "silo2-00000000000000001.parquet")), bytes[..(bytes.Length / 2)]);

        Assert.Equal(0L, _silo.Scalar<long>("SELECT count(*) FROM metric_samples"));

        _silo.Writer.Publish(staged);

        Assert.False(File.Exists(file.TemporaryPath));
        Assert.Equal(1000L, _silo.Scalar<long>("SELECT count(*) FROM metric_samples"));
        Assert.Equal(499_500d, _silo.Scalar<double>("SELECT sum(value) FROM metric_samples"));
    }

    [Fact]
    public async Task A_log_events_time_with_an_offset_is_stored_in_its_utc_date_partition_at_its_utc_time()
    {
        var at = new DateTimeOffset(2024, 9, 1, 23, 30, 0, TimeSpan.FromHours(-5));
        await _silo.Store.AppendAsync("api", [Log("e-1", "api", at, labelsJson: "{\"team\":\"ünï ✓\"}")], CancellationToken.None);

        Assert.Single(_silo.FilesOf(LakeKind.Logs), f => f.StartsWith("kind=logs/date=2024-09-02/", StringComparison.Ordinal));
        Assert.Equal(new DateTime(2024, 9, 2, 4, 30, 0), _silo.Scalar<DateTime>("SELECT ts FROM log_events"));
        Assert.Equal("ünï ✓", _silo.Scalar<string>("SELECT labels->>'team' FROM log_events"));
    }

    private static IReadOnlyList<KeyValuePair<DateOnly, RecordBatch>> Samples(DateTimeOffset day, int count)
    {
        using var samples = new SampleBatches();
        var start = day.ToUnixTimeMilliseconds();
        samples.Append("api", "up", 42, [.. Enumerable.Range(0, count).Select(i => start + i)], [.. Enumerable.Range(0, count).Select(i => (double)i)]);
        return samples.Build();
    }

    private static IEnumerable<RecordBatch> FailingAfter(RecordBatch batch)
    {
        yield return batch;
        throw new IOException("disk gone mid-file");
    }

    private static IEnumerable<KeyValuePair<DateOnly, RecordBatch>> Failing(KeyValuePair<DateOnly, RecordBatch> first, KeyValuePair<DateOnly, RecordBatch> second)
    {
        yield return first;
        _ = second;
        throw new IOException("disk gone before the second date's file");
    }
}
