using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Ingest.Sinks;
using static Platform.Insights.Analytics.Tests.Support.Samples;

namespace Platform.Insights.Analytics.Tests.Store;

public sealed class BillingStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly InsightsDatabase _database;
    private readonly BillingStore _billing;

    public BillingStoreTests()
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

    private long Staged(string importId) => Sql.Count(_database, "SELECT count(*) FROM focus_staging WHERE import_id = $i", ("i", importId));

    [Fact]
    public async Task Committing_the_same_content_again_after_a_crash_replaces_its_rows_instead_of_doubling_them()
    {
        await _billing.BeginAsync("imp-1", CancellationToken.None);
        await _billing.StageAsync("imp-1", [Billing(1.5m, line: 2), Billing(2.5m, line: 3)], CancellationToken.None);
        await _billing.CommitAsync("imp-1", CancellationToken.None);

        // The process died before the import was marked done: the next attempt stages and commits the same file again.
        await _billing.BeginAsync("imp-1", CancellationToken.None);
        await _billing.StageAsync("imp-1", [Billing(1.5m, line: 2), Billing(2.5m, line: 3)], CancellationToken.None);
        var again = await _billing.CommitAsync("imp-1", CancellationToken.None);

        Assert.Equal(2L, Stored("imp-1"));
        Assert.Equal(4.0m, Sql.Scalar(_database, "SELECT sum(BilledCost) FROM focus_line_items"));
        Assert.Equal((2L, 2L), (again.Rows, again.ReplacedRows));
    }

    [Fact]
    public async Task Staged_rows_are_invisible_until_commit()
    {
        await _billing.BeginAsync("imp-1", CancellationToken.None);
        await _billing.StageAsync("imp-1", [Billing(1.5m, line: 2), Billing(2.25m, line: 3)], CancellationToken.None);
        await _billing.StageAsync("imp-1", [Billing(0.25m, line: 4)], CancellationToken.None);

        Assert.Equal(0L, Stored());
        Assert.Equal(3L, Staged("imp-1"));

        var commit = await _billing.CommitAsync("imp-1", CancellationToken.None);

        Assert.Equal(3L, commit.Rows);
        Assert.Equal(4.0m, Assert.Single(commit.BilledCostByCurrency, p => p.Key == "USD").Value);
        Assert.Equal(3L, Stored("imp-1"));
        Assert.Equal(0L, Staged("imp-1"));
        Assert.Equal([2L, 3L, 4L], Sql.Rows(_database, "SELECT source_line FROM focus_line_items ORDER BY 1").Select(r => (long)r[0]!));
    }

    [Fact]
    public async Task Abort_and_begin_clear_the_staging_rows_of_that_import_only()
    {
        await _billing.StageAsync("keep", [Billing(9m)], CancellationToken.None);
        await _billing.StageAsync("imp-2", [Billing(1m), Billing(2m)], CancellationToken.None);

        await _billing.AbortAsync("imp-2", CancellationToken.None);
        Assert.Equal(0L, Staged("imp-2"));

        await _billing.StageAsync("imp-2", [Billing(5m)], CancellationToken.None);
        await _billing.BeginAsync("imp-2", CancellationToken.None);
        Assert.Equal(0L, Staged("imp-2"));
        Assert.Equal(1L, Staged("keep"));

        var commit = await _billing.CommitAsync("imp-2", CancellationToken.None);
        Assert.Equal(0L, commit.Rows);
        Assert.Empty(commit.BilledCostByCurrency);
        Assert.Equal(0L, Stored());
    }

    [Fact]
    public async Task Commit_totals_are_exact_decimals_per_currency()
    {
        var rows = new[]
        {
            Billing(0.00000080000m, "USD", 2),
            Billing(0.00001605990m, "USD", 3),
            Billing(123456789.123456789012m, "USD", 4),
            Billing(0.1m, "EUR", 5),
            Billing(0.2m, "EUR", 6),
        };
        await _billing.BeginAsync("imp-3", CancellationToken.None);
        await _billing.StageAsync("imp-3", rows, CancellationToken.None);

        var commit = await _billing.CommitAsync("imp-3", CancellationToken.None);

        Assert.Equal(5L, commit.Rows);
        Assert.Equal(2, commit.BilledCostByCurrency.Count);
        Assert.Equal(123456789.123473648912m, commit.BilledCostByCurrency["USD"]);
        Assert.Equal(0.3m, commit.BilledCostByCurrency["EUR"]);
        Assert.Equal(0.00000080000m, Sql.Scalar(_database, "SELECT BilledCost FROM focus_line_items WHERE source_line = 2"));
        Assert.Equal("0.000000800000", Sql.Scalar(_database, "SELECT BilledCost::VARCHAR FROM focus_line_items WHERE source_line = 2"));
    }

    [Fact]
    public async Task Every_column_of_a_row_survives_the_round_trip()
    {
        var row = Billing(0.00001605990m, line: 7);
        row.SubAccountId = "sub-1";
        row.ChargeDescription = "$0.008 per LCU-hour";
        row.PricingQuantity = 0.00200749m;
        row.ListUnitPrice = 0.008m;
        row.RegionId = "us-west-2";
        row.Extra = new Dictionary<string, string?> { ["Id"] = "11472", ["x_Discount"] = null };
        await _billing.StageAsync("imp-4", [row], CancellationToken.None);
        await _billing.CommitAsync("imp-4", CancellationToken.None);

        var stored = Assert.Single(Sql.Rows(_database,
            "SELECT BilledCost, BillingCurrency, SubAccountId, ChargeDescription, PricingQuantity, ListUnitPrice, RegionId, ChargePeriodStart, Tags->>'team', x_extra->>'Id', ServiceName FROM focus_line_items"));
        Assert.Equal([0.00001605990m, "USD", "sub-1", "$0.008 per LCU-hour", 0.00200749m, 0.008m, "us-west-2", row.ChargePeriodStart, "payments", "11472", "Amazon Simple Queue Service"], stored);
    }

    [Fact]
    public async Task The_import_ledger_keeps_one_row_per_import()
    {
        var started = _time.GetUtcNow();
        var record = new ImportRecord("imp-5", "billing", "/data/focus.csv", 1234, started, null, "running", 0, 0, 0, 0);
        await _billing.RecordAsync(record, CancellationToken.None);
        await _billing.RecordAsync(record with { CompletedAt = started.AddSeconds(3), Status = "done", Read = 10, Stored = 9, Duplicates = 0, Rejected = 1 }, CancellationToken.None);

        var row = Assert.Single(Sql.Rows(_database, "SELECT kind, path, bytes, started_at, completed_at, status, rows_read, rows_stored, duplicates, rejected FROM imports"));
        Assert.Equal(["billing", "/data/focus.csv", 1234L, started.UtcDateTime, started.AddSeconds(3).UtcDateTime, "done", 10L, 9L, 0L, 1L], row);
    }
}
