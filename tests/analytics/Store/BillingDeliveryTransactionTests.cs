using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;
using static Platform.Insights.Analytics.Tests.Support.Samples;

namespace Platform.Insights.Analytics.Tests.Store;

/// <summary>A delivery written once, inside its own transaction: the guarantees staging gave must still hold.</summary>
public sealed class BillingDeliveryTransactionTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly InsightsDatabase _database;
    private readonly BillingStore _billing;

    public BillingDeliveryTransactionTests()
    {
        _database = InsightsDatabase.Open(_dir.Path, new StoreRole("test"), _time);
        _billing = new BillingStore(_database);
    }

    public void Dispose()
    {
        _database.Dispose();
        _dir.Dispose();
    }

    private long Stored(string? importId = null) => importId is null
        ? Sql.Count(_database, "SELECT count(*) FROM focus_line_items")
        : Sql.Count(_database, "SELECT count(*) FROM focus_line_items WHERE import_id = $i", ("i", importId));

    [Fact]
    public async Task A_delivery_is_invisible_to_readers_until_it_commits_and_then_all_of_it_is_there()
    {
        await using var delivery = _billing.OpenDelivery();
        await delivery.AppendAsync("part-1", [Billing(1.5m, line: 2), Billing(2.25m, line: 3)], CancellationToken.None);
        await delivery.AppendAsync("part-2", [Billing(0.25m, "EUR", line: 2)], CancellationToken.None);
        // Other writers go on meanwhile through the store's own write connection.
        await _billing.StageAsync("other", [Billing(9m)], CancellationToken.None);

        Assert.Equal(0L, Stored());

        var commit = await delivery.CommitAsync(["part-1", "part-2"], ["part-1", "part-2"], CancellationToken.None);

        Assert.Equal(3L, commit.Rows);
        Assert.Equal(3.75m, commit.BilledCostByCurrency["USD"]);
        Assert.Equal(0.25m, commit.BilledCostByCurrency["EUR"]);
        Assert.Equal((2L, 1L), (Stored("part-1"), Stored("part-2")));
        Assert.Equal("0.000000000000", Sql.Scalar(_database, "SELECT (sum(BilledCost) - 4.0)::VARCHAR FROM focus_line_items"));
    }

    [Fact]
    public async Task A_delivery_disposed_without_a_commit_leaves_the_stored_rows_exactly_as_they_were()
    {
        await using (var first = _billing.OpenDelivery())
        {
            await first.AppendAsync("v1", [Billing(10m)], CancellationToken.None);
            await first.CommitAsync(["v1"], ["v1"], CancellationToken.None);
        }

        await using (var failed = _billing.OpenDelivery())
        {
            await failed.AppendAsync("v2", [Billing(99m), Billing(1m, line: 3)], CancellationToken.None);
        }

        Assert.Equal(1L, Stored());
        Assert.Equal(10m, Sql.Scalar(_database, "SELECT sum(BilledCost) FROM focus_line_items"));
    }

    [Fact]
    public async Task A_new_delivery_restates_the_period_and_the_same_content_again_replaces_its_rows_instead_of_doubling_them()
    {
        await using (var v1 = _billing.OpenDelivery())
        {
            await v1.AppendAsync("v1", [Billing(10m), Billing(20m, line: 3)], CancellationToken.None);
            await v1.CommitAsync(["v1"], ["v1"], CancellationToken.None);
        }

        await using (var v2 = _billing.OpenDelivery())
        {
            await v2.AppendAsync("v2", [Billing(15m)], CancellationToken.None);
            var restated = await v2.CommitAsync(["v2"], ["v2"], CancellationToken.None);
            Assert.Equal((1L, 2L), (restated.Rows, restated.ReplacedRows));
            var period = Assert.Single(restated.ReplacedPeriods!);
            Assert.Equal(("AWS", "acct-1", new DateTime(2024, 9, 1)), (period.ProviderName, period.BillingAccountId, period.BillingPeriodStart));
        }

        // The process died after committing v2 but before the import was marked done: the same content comes again.
        await using (var again = _billing.OpenDelivery())
        {
            await again.AppendAsync("v2", [Billing(15m)], CancellationToken.None);
            var commit = await again.CommitAsync(["v2"], ["v2"], CancellationToken.None);
            Assert.Equal((1L, 1L), (commit.Rows, commit.ReplacedRows));
        }

        Assert.Equal((0L, 1L), (Stored("v1"), Stored("v2")));
        Assert.Equal(15m, Sql.Scalar(_database, "SELECT sum(BilledCost) FROM focus_line_items"));
    }

    [Fact]
    public async Task Parts_of_a_named_delivery_committed_in_separate_runs_add_up_and_a_new_delivery_replaces_them_all()
    {
        await using (var first = _billing.OpenDelivery("cur-2024-09/assembly-1"))
        {
            await first.AppendAsync("part-1", [Billing(10m, line: 2)], CancellationToken.None);
            await first.CommitAsync(["part-1"], ["part-1"], CancellationToken.None);
        }
        await using (var second = _billing.OpenDelivery("cur-2024-09/assembly-1"))
        {
            await second.AppendAsync("part-2", [Billing(5m, line: 2)], CancellationToken.None);
            var commit = await second.CommitAsync(["part-2"], ["part-2"], CancellationToken.None);
            Assert.Equal(0L, commit.ReplacedRows);
        }
        Assert.Equal((1L, 1L), (Stored("part-1"), Stored("part-2")));

        await using (var restated = _billing.OpenDelivery("cur-2024-09/assembly-2"))
        {
            await restated.AppendAsync("v2", [Billing(12m, line: 2)], CancellationToken.None);
            var commit = await restated.CommitAsync(["v2"], ["v2"], CancellationToken.None);
            Assert.Equal(2L, commit.ReplacedRows);
        }
        Assert.Equal((0L, 0L, 1L), (Stored("part-1"), Stored("part-2"), Stored("v2")));
    }
}
