using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Analytics.Tests.Sources;

/// <summary>Restatements: each billing delivery replaces the provider + account + period rows it delivers, atomically.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class BillingDeliveryTests(ClusterFixture fixture)
{
    private static readonly FileImportOptions Lenient = new();

    private InsightsCluster Cluster => fixture.Cluster;

    private BillingDelivery Delivery => Cluster.Get<BillingDelivery>();

    private string Write(string name, params string[] rows)
    {
        var path = fixture.Files.File($"{Guid.NewGuid():N}-{name}");
        File.WriteAllText(path, FocusCsv.File(rows));
        return path;
    }

    private Task<BillingDeliveryResult> ImportAsync(params string[] files) => Delivery.ImportAsync(files, Lenient, null, CancellationToken.None);

    private (long Rows, decimal Billed) Stored(string account, int month = 9)
    {
        var row = Assert.Single(Sql.Rows(Cluster.Database,
            "SELECT count(*), coalesce(sum(BilledCost), 0) FROM focus_line_items WHERE BillingAccountId = $a AND month(BillingPeriodStart) = $m",
            ("a", account), ("m", month)));
        return ((long)row[0]!, (decimal)row[1]!);
    }

    [Fact]
    public async Task A_new_delivery_of_a_period_replaces_the_earlier_one_and_nothing_else()
    {
        var account = Names.Unique("acct");
        var other = Names.Unique("other");
        await ImportAsync(Write("sep-v1.csv", FocusCsv.Row(10m, account: account), FocusCsv.Row(20m, account: account, hour: 10)));
        await ImportAsync(Write("oct.csv", FocusCsv.Row(7m, account: account, month: 10)), Write("other.csv", FocusCsv.Row(1m, account: other)));

        var restated = await ImportAsync(Write("sep-v2.csv",
            FocusCsv.Row(15m, account: account), FocusCsv.Row(20m, account: account, hour: 10), FocusCsv.Row(5m, account: account, hour: 11)));

        Assert.Equal((3L, 40m), Stored(account));
        Assert.Equal((1L, 7m), Stored(account, 10));
        Assert.Equal((1L, 1m), Stored(other));
        var commit = restated.Commit!;
        Assert.Equal((3L, 2L), (commit.Rows, commit.ReplacedRows));
        var period = Assert.Single(commit.ReplacedPeriods!);
        Assert.Equal(("AWS", account, new DateTime(2024, 9, 1)), (period.ProviderName, period.BillingAccountId, period.BillingPeriodStart));
    }

    [Fact]
    public async Task The_parts_of_one_delivery_are_kept_together_and_an_unchanged_part_survives_the_next_delivery()
    {
        var account = Names.Unique("parts");
        var part2 = Write("part-2.csv", FocusCsv.Row(2m, account: account, hour: 2));
        var first = await ImportAsync(Write("part-1.csv", FocusCsv.Row(1m, account: account, hour: 1)), part2);
        Assert.Equal(0L, first.Commit!.ReplacedRows);
        Assert.Equal((2L, 3m), Stored(account));

        var second = await ImportAsync(Write("part-1-v2.csv", FocusCsv.Row(4m, account: account, hour: 1)), part2);

        Assert.Equal([ImportOutcome.Imported, ImportOutcome.AlreadyImported], second.Files.Select(f => f.Outcome));
        Assert.Equal(1L, second.Commit!.ReplacedRows);
        Assert.Equal((2L, 6m), Stored(account));
    }

    [Fact]
    public async Task A_delivery_with_a_bad_file_stores_nothing_and_the_earlier_rows_stay()
    {
        var account = Names.Unique("atomic");
        await ImportAsync(Write("v1.csv", FocusCsv.Row(10m, account: account)));
        var good = Write("v2-good.csv", FocusCsv.Row(99m, account: account));
        var bad = fixture.Files.File($"{Guid.NewGuid():N}-v2-bad.csv");
        await File.WriteAllTextAsync(bad, "not,a,billing,header\n1,2,3,4\n");

        await Assert.ThrowsAsync<InputFormatException>(() => ImportAsync(good, bad));

        Assert.Equal((1L, 10m), Stored(account));
        Assert.Equal(0L, Sql.Count(Cluster.Database, "SELECT count(*) FROM focus_staging"));
        var goodId = await ContentHash.OfFileAsync(good, CancellationToken.None);
        Assert.Equal(ImportStatus.Failed, (await Cluster.Client.GetGrain<IImportGrain>(goodId).GetAsync())!.Status);

        // The good file is not "already imported": the next delivery stores it.
        var retried = await ImportAsync(good);
        Assert.Equal(ImportOutcome.Imported, Assert.Single(retried.Files).Outcome);
        Assert.Equal((1L, 99m), Stored(account));
    }

    [Fact]
    public async Task A_strict_rejection_discards_the_whole_delivery()
    {
        var account = Names.Unique("strict");
        var good = Write("good.csv", FocusCsv.Row(3m, account: account));
        var badRows = Write("bad-rows.csv", FocusCsv.Row(4m, account: account), "1,oops");

        var result = await Delivery.ImportAsync([good, badRows], new FileImportOptions { Strict = true }, null, CancellationToken.None);

        Assert.Null(result.Commit);
        Assert.Contains("nothing of this delivery was stored", result.Failure, StringComparison.Ordinal);
        Assert.Equal([ImportOutcome.Failed, ImportOutcome.RejectedStrict], result.Files.Select(f => f.Outcome));
        Assert.Equal((0L, 0m), Stored(account));
    }

    [Fact]
    public async Task The_same_content_twice_in_one_delivery_is_stored_once()
    {
        var account = Names.Unique("twice");
        var path = Write("a.csv", FocusCsv.Row(5m, account: account));
        var copy = fixture.Files.File($"{Guid.NewGuid():N}-copy.csv");
        File.Copy(path, copy);

        var result = await ImportAsync(path, copy);

        Assert.Equal([ImportOutcome.Imported, ImportOutcome.AlreadyImported], result.Files.Select(f => f.Outcome));
        Assert.Contains("same content as", result.Files[1].Message, StringComparison.Ordinal);
        Assert.Equal((1L, 5m), Stored(account));
    }
}
