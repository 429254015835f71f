using Platform.Insights.Analytics.Lake;
using Platform.Insights.Ingest.Records;
using static Platform.Insights.Analytics.Tests.Support.Samples;

namespace Platform.Insights.Analytics.Tests.Lake;

/// <summary>
/// Billing in the lake from two stores (two silos' data directories) writing to one lake root: lone files reach it,
/// parts of one named delivery add up whichever silo imported them, and nothing is counted twice.
/// </summary>
public sealed class LakeBillingTests : IAsyncLifetime
{
    private const string Cur = "cur-2024-09/assembly-7f3c";
    private readonly LakeFixture _silo1 = new("silo1");
    private LakeFixture _silo2 = null!;

    public Task InitializeAsync()
    {
        _silo2 = new LakeFixture("silo2", _silo1.Root);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _silo2.DisposeAsync();
        await _silo1.DisposeAsync();
    }

    private decimal Total(LakeFixture reader) => reader.Scalar<decimal>("SELECT coalesce(sum(BilledCost), 0) FROM focus_line_items");

    private void Later()
    {
        _silo1.Time.Advance(TimeSpan.FromMinutes(5));
        _silo2.Time.Advance(TimeSpan.FromMinutes(5));
    }

    private static async Task LoneFileAsync(LakeFixture silo, string importId, params FocusLineItem[] rows)
    {
        await silo.Billing.BeginAsync(importId, CancellationToken.None);
        await silo.Billing.StageAsync(importId, rows, CancellationToken.None);
        await silo.Billing.CommitAsync(importId, CancellationToken.None);
    }

    private static async Task PartAsync(LakeFixture silo, string? deliveryName, string importId, params FocusLineItem[] rows)
    {
        await using var delivery = silo.Billing.OpenDelivery(deliveryName);
        await delivery.AppendAsync(importId, rows, CancellationToken.None);
        await delivery.CommitAsync([importId], [], CancellationToken.None);
    }

    [Fact]
    public async Task A_lone_billing_file_reaches_the_lake_and_a_reimport_here_or_on_another_silo_counts_once()
    {
        await LoneFileAsync(_silo1, "lone", Billing(10m, line: 2), Billing(20m, line: 3));

        Assert.Equal(30m, Total(_silo2));
        Assert.Single(_silo1.FilesOf(LakeKind.Billing));

        Later(); // a retry of the same content after a crash between the lake and the local commit
        await LoneFileAsync(_silo1, "lone", Billing(10m, line: 2), Billing(20m, line: 3));
        Later(); // the same file given to the other silo
        await LoneFileAsync(_silo2, "lone", Billing(10m, line: 2), Billing(20m, line: 3));

        Assert.Equal((30m, 30m), (Total(_silo1), Total(_silo2)));
        Assert.Equal(2L, _silo1.Scalar<long>("SELECT count(*) FROM focus_line_items"));
        Assert.Equal(3, _silo1.FilesOf(LakeKind.Billing).Count);
    }

    [Fact]
    public async Task Parts_of_one_named_delivery_imported_on_two_silos_add_up_in_the_lake()
    {
        await PartAsync(_silo1, Cur, "part-1", Billing(10m, line: 2), Billing(20m, line: 3));
        Later();
        await PartAsync(_silo2, Cur, "part-2", Billing(5m, line: 2));

        Assert.Equal((35m, 35m), (Total(_silo1), Total(_silo2)));
        Assert.Equal("part-1,part-2", _silo2.Scalar<string>("SELECT string_agg(DISTINCT import_id, ',' ORDER BY import_id) FROM focus_line_items"));
    }

    [Fact]
    public async Task A_later_part_on_the_same_silo_republishes_the_earlier_one_without_counting_it_twice()
    {
        await PartAsync(_silo1, Cur, "part-1", Billing(10m, line: 2), Billing(20m, line: 3));
        Later();
        await PartAsync(_silo2, Cur, "part-2", Billing(5m, line: 2));
        Later();
        await PartAsync(_silo1, Cur, "part-3", Billing(1m, line: 2));
        Later(); // part 2 again on silo 2 (a retry after its local commit failed)
        await PartAsync(_silo2, Cur, "part-2", Billing(5m, line: 2));

        Assert.Equal(36m, Total(_silo2));
        Assert.Equal(4L, _silo2.Scalar<long>("SELECT count(*) FROM focus_line_items"));
        // silo 1's own table kept part 1 through part 3's restatement (the same delivery), so its publication held both.
        var local = _silo1.Scalar<string>("SELECT current_database()");
        Assert.Equal("part-1,part-3", _silo1.Scalar<string>($"SELECT string_agg(DISTINCT import_id, ',' ORDER BY import_id) FROM \"{local}\".main.focus_line_items"));
    }

    [Fact]
    public async Task A_new_delivery_of_the_period_replaces_every_part_of_the_earlier_named_one()
    {
        await PartAsync(_silo1, Cur, "part-1", Billing(10m, line: 2));
        Later();
        await PartAsync(_silo2, Cur, "part-2", Billing(5m, line: 2));
        Later();

        await PartAsync(_silo2, "cur-2024-09/assembly-8a01", "restated-1", Billing(12m, line: 2));

        Assert.Equal((12m, 12m), (Total(_silo1), Total(_silo2)));
    }

    [Fact]
    public async Task Without_a_name_a_later_part_on_another_silo_restates_the_period_as_a_delivery_of_its_own()
    {
        await PartAsync(_silo1, null, "part-1", Billing(10m, line: 2));
        Later();
        await PartAsync(_silo2, null, "part-2", Billing(5m, line: 2));

        Assert.Equal(5m, Total(_silo1));
    }

    [Fact]
    public async Task Compaction_keeps_the_parts_of_a_named_delivery_and_their_sum()
    {
        await PartAsync(_silo1, Cur, "part-1", Billing(10m, line: 2));
        Later();
        await PartAsync(_silo2, Cur, "part-2", Billing(5m, line: 2));
        Later();
        await PartAsync(_silo1, Cur, "part-3", Billing(1m, line: 2));
        var partition = Assert.Single(_silo1.Layout.Partitions(LakeKind.Billing));

        Assert.Equal("compacted", (await _silo1.Compactor.CompactAsync(LakeKind.Billing, partition, CancellationToken.None)).Outcome);

        Assert.Equal(16m, Total(_silo2));
    }
}
