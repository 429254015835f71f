using Npgsql;
using Platform.Insights.Host.Cluster;
using Platform.Insights.Host.Tests.Support;
using Platform.Insights.Ingest.Sinks;
using Platform.Insights.Reports;
using Platform.Insights.Reports.Model;
using Platform.Insights.Reports.Scheduling;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// The cluster's shared ledgers on the machine's real PostgreSQL 15, each silo played by its own ledger instance with its
/// own connections: what two silos are asked to do at the same moment happens once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterLedgerTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset Started = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_billing_file_claimed_on_two_silos_at_once_is_imported_by_one_and_found_imported_afterwards()
    {
        var connection = await InitAsync();
        var localA = new RecordingLedger();
        var localB = new RecordingLedger();
        await using var a = new PostgresImportLedger(localA, connection);
        await using var b = new PostgresImportLedger(localB, connection);

        // Eight concurrent attempts, half through each silo's ledger.
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            (i % 2 == 0 ? a : b).ClaimAsync("sha256-bill", "billing", $"/in/focus-{i}.csv", 1234, CancellationToken.None)));

        Assert.Single(claims, c => c.Outcome == ImportClaimOutcome.Claimed);
        Assert.All(claims.Where(c => c.Outcome != ImportClaimOutcome.Claimed), c => Assert.Equal(ImportClaimOutcome.Busy, c.Outcome));
        var winner = claims.Select((c, i) => (c, i)).Single(x => x.c.Outcome == ImportClaimOutcome.Claimed).i % 2 == 0 ? a : b;
        await winner.RecordAsync(Record("sha256-bill", "done", stored: 42), CancellationToken.None);

        var later = await b.ClaimAsync("sha256-bill", "billing", "/in/renamed.csv", 1234, CancellationToken.None);
        Assert.Equal(ImportClaimOutcome.AlreadyImported, later.Outcome);
        Assert.Equal(("done", 42L), (later.Existing!.Status, later.Existing.Stored));
        Assert.Equal(1, localA.Records.Count + localB.Records.Count);
        Assert.Equal((1L, 1L), (await ScalarAsync(connection, "SELECT count(*) FROM insights_imports"), await ScalarAsync(connection, "SELECT attempts::bigint FROM insights_imports")));
    }

    [Fact]
    public async Task An_import_whose_silo_died_or_failed_is_taken_over_by_the_next_attempt()
    {
        var connection = await InitAsync();
        var dying = new PostgresImportLedger(new RecordingLedger(), connection);
        await using var survivor = new PostgresImportLedger(new RecordingLedger(), connection);

        Assert.Equal(ImportClaimOutcome.Claimed, (await dying.ClaimAsync("sha256-x", "billing", "/in/x.csv", 10, CancellationToken.None)).Outcome);
        Assert.Equal(ImportClaimOutcome.Busy, (await survivor.ClaimAsync("sha256-x", "billing", "/in/x.csv", 10, CancellationToken.None)).Outcome);
        // The silo dies: its connections close and PostgreSQL drops the advisory lock with them.
        await dying.DisposeAsync();
        Assert.Equal(ImportClaimOutcome.Claimed, (await survivor.ClaimAsync("sha256-x", "billing", "/in/x.csv", 10, CancellationToken.None)).Outcome);
        await survivor.RecordAsync(Record("sha256-x", "failed", stored: 0), CancellationToken.None);
        Assert.Equal(ImportClaimOutcome.Claimed, (await survivor.ClaimAsync("sha256-x", "billing", "/in/x.csv", 10, CancellationToken.None)).Outcome);

        Assert.Equal(3L, await ScalarAsync(connection, "SELECT attempts::bigint FROM insights_imports WHERE import_id = 'sha256-x'"));
    }

    [Fact]
    public async Task A_report_period_run_by_two_silos_at_once_is_generated_once_and_the_catch_up_sees_it()
    {
        var connection = await InitAsync();
        var options = Microsoft.Extensions.Options.Options.Create(new Runtime.ClusterOptions { ConnectionString = connection });
        var siloA = new PostgresReportRunLedger(options);
        var siloB = new PostgresReportRunLedger(options);
        var schedule = new ScheduledReport(ReportKind.Weekly, null, new ReportsOptions().WeeklyCron);
        var period = ReportPeriod.Parse(ReportKind.Weekly, "2026-W47");
        var generated = 0;
        var release = new TaskCompletionSource();
        async Task<GeneratedReport> GenerateAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref generated);
            await release.Task.WaitAsync(cancellationToken);
            return Generated(period);
        }

        Assert.Null(await siloA.LastScheduledRunAsync(schedule, CancellationToken.None));
        var first = siloA.RunOnceAsync(schedule, period, "schedule", GenerateAsync, CancellationToken.None);
        while (Volatile.Read(ref generated) == 0)
        {
            await Task.Delay(20);
        }
        // Silo B's start-up catch-up for the same period while A is still generating it: skipped, not queued behind A.
        var second = await siloB.RunOnceAsync(schedule, period, "startup", GenerateAsync, CancellationToken.None);
        release.SetResult();
        var firstResult = await first;
        var third = await siloB.RunOnceAsync(schedule, period, "startup", GenerateAsync, CancellationToken.None);

        Assert.NotNull(firstResult);
        Assert.Null(second);
        Assert.Null(third);
        Assert.Equal(1, generated);
        Assert.Equal(new ScheduledRun("2026-W47", period.From), await siloB.LastScheduledRunAsync(schedule, CancellationToken.None));
    }

    [Fact]
    public async Task A_report_run_that_fails_leaves_its_period_due_for_the_next_attempt()
    {
        var connection = await InitAsync();
        var ledger = new PostgresReportRunLedger(Microsoft.Extensions.Options.Options.Create(new Runtime.ClusterOptions { ConnectionString = connection }));
        var schedule = new ScheduledReport(ReportKind.Monthly, null, new ReportsOptions().MonthlyCron);
        var period = ReportPeriod.Parse(ReportKind.Monthly, "2026-10");

        await Assert.ThrowsAsync<InvalidOperationException>(() => ledger.RunOnceAsync(schedule, period, "schedule",
            _ => throw new InvalidOperationException("renderer failed"), CancellationToken.None));
        Assert.Null(await ledger.LastScheduledRunAsync(schedule, CancellationToken.None));
        Assert.NotNull(await ledger.RunOnceAsync(schedule, period, "schedule", _ => Task.FromResult(Generated(period)), CancellationToken.None));
    }

    private async Task<string> InitAsync()
    {
        var connection = await postgres.NewDatabaseAsync("ledger");
        await ClusterSchema.ApplyAsync(connection, CancellationToken.None);
        return connection;
    }

    private static GeneratedReport Generated(ReportPeriod period) =>
        new(new Report($"weekly-{period.Name}", ReportKind.Weekly, "Weekly", period, period.Previous, null, Started.UtcDateTime, [], [], [], [], []),
            "/reports", [], null, TimeSpan.Zero);

    private static ImportRecord Record(string id, string status, long stored) =>
        new(id, "billing", "/in/focus.csv", 1234, Started, Started.AddMinutes(1), status, stored, stored, 0, 0);

    private static async Task<long> ScalarAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private sealed class RecordingLedger : IImportLedger
    {
        public List<ImportRecord> Records { get; } = [];

        public Task RecordAsync(ImportRecord record, CancellationToken cancellationToken)
        {
            lock (Records)
            {
                Records.Add(record);
            }
            return Task.CompletedTask;
        }
    }
}
