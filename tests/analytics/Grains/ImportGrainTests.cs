using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Ingest.Grains;
using static Platform.Insights.Analytics.Tests.Support.Samples;

namespace Platform.Insights.Analytics.Tests.Grains;

[Collection(SharedClusterCollection.Name)]
public sealed class ImportGrainTests(ClusterFixture fixture)
{
    private InsightsCluster Cluster => fixture.Cluster;

    private long Stored(string importId) =>
        Sql.Count(Cluster.Database, "SELECT count(*) FROM focus_line_items WHERE import_id = $i", ("i", importId));

    private long Staged(string importId) =>
        Sql.Count(Cluster.Database, "SELECT count(*) FROM focus_staging WHERE import_id = $i", ("i", importId));

    [Fact]
    public async Task A_second_begin_after_complete_says_already_imported_with_the_previous_record()
    {
        var id = Names.Unique("metrics-file");
        var grain = Cluster.Client.GetGrain<IImportGrain>(id);
        var descriptor = new ImportDescriptor(ImportKinds.Metrics, "/data/a.prom", 120);

        var first = await grain.BeginAsync(descriptor);
        var busy = await grain.BeginAsync(descriptor);
        var done = await grain.CompleteAsync(new ImportCounts(10, 8, 1, 1));
        var second = await grain.BeginAsync(descriptor with { Path = "/data/renamed.prom" });

        Assert.True(first.MayProceed);
        Assert.True(busy.Busy);
        Assert.False(busy.MayProceed);
        Assert.Equal((ImportStatus.Done, 10L, 8L, 1L, 1L, "/data/a.prom"), (done.Status, done.Read, done.Stored, done.Duplicates, done.Rejected, done.Path));
        Assert.NotNull(done.CompletedAt);
        Assert.True(second.AlreadyImported);
        Assert.False(second.MayProceed);
        Assert.Equal(done, second.Previous);
        Assert.Equal(done, await grain.GetAsync());
        var ledger = Assert.Single(Sql.Rows(Cluster.Database, "SELECT status, path, rows_read, rows_stored, duplicates, rejected FROM imports WHERE import_id = $i", ("i", id)));
        Assert.Equal(["done", "/data/a.prom", 10L, 8L, 1L, 1L], ledger);
    }

    [Fact]
    public async Task A_running_import_survives_idle_activation_collection_until_it_completes()
    {
        var id = Names.Unique("long-import");
        var grain = Cluster.Client.GetGrain<IImportGrain>(id);
        var management = Cluster.Client.GetGrain<IManagementGrain>(0);
        await grain.BeginAsync(new ImportDescriptor(ImportKinds.Metrics, "/data/big.prom", 1 << 30));

        // What Orleans does to an activation idle for longer than its collection age (15 min by default), now.
        await management.ForceActivationCollection(TimeSpan.Zero);
        var done = await grain.CompleteAsync(new ImportCounts(5, 5, 0, 0));

        Assert.Equal(ImportStatus.Done, done.Status);
    }

    [Fact]
    public async Task Complete_without_begin_is_refused()
    {
        var grain = Cluster.Client.GetGrain<IImportGrain>(Names.Unique("never-begun"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.CompleteAsync(new ImportCounts(1, 1, 0, 0)));
        Assert.Null(await grain.GetAsync());
    }

    [Fact]
    public async Task A_failed_billing_import_leaves_the_stored_line_items_unchanged()
    {
        var id = Names.Unique("billing-file");
        var grain = Cluster.Client.GetGrain<IImportGrain>(id);
        var billing = Cluster.Get<BillingStore>();
        var totalBefore = Sql.Count(Cluster.Database, "SELECT count(*) FROM focus_line_items");

        Assert.True((await grain.BeginAsync(new ImportDescriptor(ImportKinds.Billing, "/data/focus.csv", 999))).MayProceed);
        await billing.StageAsync(id, [Billing(1m), Billing(2m)], CancellationToken.None);
        var failed = await grain.FailAsync(new ImportCounts(5, 2, 0, 3), "disk on fire");

        Assert.Equal(ImportStatus.Failed, failed.Status);
        Assert.Equal(0L, Stored(id));
        Assert.Equal(0L, Staged(id));
        Assert.Equal(totalBefore, Sql.Count(Cluster.Database, "SELECT count(*) FROM focus_line_items"));
        Assert.Equal("failed", Sql.Scalar(Cluster.Database, "SELECT status FROM imports WHERE import_id = $i", ("i", id)));

        // A failed import may be retried, and then commits exactly what the retry staged.
        var retry = await grain.BeginAsync(new ImportDescriptor(ImportKinds.Billing, "/data/focus.csv", 999));
        Assert.True(retry.MayProceed);
        await billing.StageAsync(id, [Billing(1m), Billing(2m), Billing(0.5m)], CancellationToken.None);
        Assert.Equal(0L, Stored(id));
        await grain.CompleteAsync(new ImportCounts(3, 3, 0, 0));
        Assert.Equal(3L, Stored(id));
        Assert.Equal(3.5m, Sql.Scalar(Cluster.Database, "SELECT sum(BilledCost) FROM focus_line_items WHERE import_id = $i", ("i", id)));
    }

    [Fact]
    public async Task Beginning_a_billing_import_again_discards_rows_staged_by_an_earlier_attempt()
    {
        var id = Names.Unique("billing-retry");
        var billing = Cluster.Get<BillingStore>();
        await billing.StageAsync(id, [Billing(7m)], CancellationToken.None); // left behind by a killed process

        var grain = Cluster.Client.GetGrain<IImportGrain>(id);
        await grain.BeginAsync(new ImportDescriptor(ImportKinds.Billing, "/data/focus.csv", 1));
        await billing.StageAsync(id, [Billing(1m)], CancellationToken.None);
        await grain.CompleteAsync(new ImportCounts(1, 1, 0, 0));

        Assert.Equal(1.0m, Sql.Scalar(Cluster.Database, "SELECT sum(BilledCost) FROM focus_line_items WHERE import_id = $i", ("i", id)));
    }
}
