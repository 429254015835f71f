using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Platform.Insights.Cleanup;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Store;
using Platform.Insights.Cleanup.Tests.Support;
using Platform.Insights.Host.Cluster;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// Cleanup's PostgreSQL store (cluster mode) on the machine's real PostgreSQL 15, each "silo" a store instance with its
/// own connections: a step is claimed once however many silos race for it, a dead silo's step is taken over at once,
/// one resource's action is done once across plans, and the audit appended from every silo is one intact chain.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterCleanupStoreTests(PostgresServer postgres)
{
    private static readonly DateTime At = CleanupHarness.Monday10.UtcDateTime;

    private async Task<string> InitAsync()
    {
        var connection = await postgres.NewDatabaseAsync("cleanup");
        await ClusterSchema.ApplyAsync(connection, CancellationToken.None);
        return connection;
    }

    private static PostgresCleanupStore Silo(string connection) =>
        new(Options.Create(new CleanupOptions { Store = new CleanupStoreOptions { Kind = "postgresql", ConnectionString = connection } }), new FakeTimeProvider(CleanupHarness.Monday10));

    private static CleanupStepRecord Started(string plan, string resource, CleanupAction action, string suffix = "") =>
        new(CleanupExecutor.StepIdOf($"{plan}/idle:{resource}/{action}{suffix}"), $"{plan}/idle:{resource}/{action}{suffix}", "started", At, plan, "idle:" + resource,
            resource, "vm", "payments", action.ToString(), "fake-cloud", null, null, null, null);

    [Fact]
    public async Task Two_silos_racing_for_one_step_claim_it_once_and_after_it_is_done_neither_claims_it_again()
    {
        var connection = await InitAsync();
        await using var a = Silo(connection);
        await using var b = Silo(connection);
        var step = Started("pln_race", "vm-a", CleanupAction.Delete);

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? a : b).ClaimStepAsync(step, CleanupExecutor.StaleClaim, CancellationToken.None)));
        var winner = Array.IndexOf(claims, CleanupStepClaim.Claimed) % 2 == 0 ? a : b;
        await winner.RecordStepAsync(step with { Phase = "done" }, CancellationToken.None);

        Assert.Equal(1, claims.Count(c => c == CleanupStepClaim.Claimed));
        Assert.All(claims.Where(c => c != CleanupStepClaim.Claimed), c => Assert.Equal(CleanupStepClaim.InProgress, c));
        Assert.Equal(CleanupStepClaim.Done, await a.ClaimStepAsync(step, CleanupExecutor.StaleClaim, CancellationToken.None));
        Assert.Equal(CleanupStepClaim.Done, await b.ClaimStepAsync(step, CleanupExecutor.StaleClaim, CancellationToken.None));
        Assert.Equal(["started", "done"], (await b.StepAsync(step.StepId, CancellationToken.None)).Select(s => s.Phase));
    }

    [Fact]
    public async Task A_step_whose_silo_died_mid_step_is_taken_over_by_the_retry_at_once_but_not_while_that_silo_lives()
    {
        var connection = await InitAsync();
        var a = Silo(connection);
        await using var b = Silo(connection);
        var step = Started("pln_crash", "vm-a", CleanupAction.Stop);

        Assert.Equal(CleanupStepClaim.Claimed, await a.ClaimStepAsync(step, CleanupExecutor.StaleClaim, CancellationToken.None));
        var whileAlive = await b.ClaimStepAsync(step, CleanupExecutor.StaleClaim, CancellationToken.None);
        // The silo's process dies: its connections close with it, and PostgreSQL drops its claim's lock.
        await a.DisposeAsync();
        var retry = await b.ClaimStepAsync(step with { At = At.AddMinutes(1) }, CleanupExecutor.StaleClaim, CancellationToken.None);

        Assert.Equal(CleanupStepClaim.InProgress, whileAlive);
        Assert.Equal(CleanupStepClaim.Claimed, retry);
        Assert.Equal(2L, await ScalarAsync(connection, $"SELECT attempts FROM cleanup_step_claims WHERE step_key = '{step.StepKey}'"));
    }

    [Fact]
    public async Task The_same_action_on_one_resource_in_two_plans_is_done_once_notices_are_not_held_back_and_undo_frees_it()
    {
        var connection = await InitAsync();
        await using var a = Silo(connection);
        await using var b = Silo(connection);
        var first = Started("pln_first", "vm-a", CleanupAction.Stop);
        var second = Started("pln_second", "vm-a", CleanupAction.Stop);

        Assert.Equal(CleanupStepClaim.Claimed, await a.ClaimStepAsync(first, CleanupExecutor.StaleClaim, CancellationToken.None));
        var whileRunning = await b.ClaimStepAsync(second, CleanupExecutor.StaleClaim, CancellationToken.None);
        await a.RecordStepAsync(first with { Phase = "done" }, CancellationToken.None);
        var afterDone = await b.ClaimStepAsync(second, CleanupExecutor.StaleClaim, CancellationToken.None);
        var notices = await Task.WhenAll(
            a.ClaimStepAsync(Started("pln_first", "vm-a", CleanupAction.Notify, "/notice"), CleanupExecutor.StaleClaim, CancellationToken.None),
            b.ClaimStepAsync(Started("pln_second", "vm-a", CleanupAction.Notify, "/notice"), CleanupExecutor.StaleClaim, CancellationToken.None));
        await a.RecordStepAsync(first with { Phase = "undone" }, CancellationToken.None);
        var afterUndo = await b.ClaimStepAsync(second, CleanupExecutor.StaleClaim, CancellationToken.None);

        Assert.Equal(CleanupStepClaim.InProgress, whileRunning);
        Assert.Equal(CleanupStepClaim.Done, afterDone);
        Assert.Equal([CleanupStepClaim.Claimed, CleanupStepClaim.Claimed], notices);
        Assert.Equal(CleanupStepClaim.Claimed, afterUndo);
    }

    [Fact]
    public async Task Audit_rows_appended_from_two_silos_at_once_form_one_intact_chain_that_an_edit_breaks()
    {
        var connection = await InitAsync();
        await using var a = Silo(connection);
        await using var b = Silo(connection);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? a : b).AppendAuditAsync(
            new CleanupAuditEntry("step", "pln_audit", null, $"vm-{i}", "Stop", "done", $"row {i}", i % 2 == 0 ? "silo-a" : "silo-b", """{"cpu":1.5}"""),
            CancellationToken.None)));
        var fromA = await a.AuditAsync(null, CancellationToken.None);
        var fromB = await b.AuditAsync("pln_audit", CancellationToken.None);
        var intact = await b.BrokenAuditLinkAsync(CancellationToken.None);
        await ScalarAsync(connection, "UPDATE cleanup_audit SET outcome = 'failed' WHERE seq = 17 RETURNING seq");

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), fromA.Select(r => r.Seq));
        Assert.Equal(fromA.Select(r => r.Hash), fromB.Select(r => r.Hash));
        Assert.Equal(20, fromA.Count(r => r.Actor == "silo-b"));
        Assert.Null(intact);
        Assert.Equal(17L, await a.BrokenAuditLinkAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_plan_saved_on_one_silo_reads_back_on_another_with_the_same_hash_and_realised_savings_count_once_per_resource()
    {
        var connection = await InitAsync();
        using var harness = new CleanupHarness(settings: new()
        {
            ["Insights:Cleanup:Store:Kind"] = "postgresql",
            ["Insights:Cleanup:Store:ConnectionString"] = connection,
        });
        harness.Findings.Set(FakeIdleFindings.Idle("vm-a", savings: 120m), FakeIdleFindings.Idle("vm-b", savings: 80m));
        await using var b = Silo(connection);

        var plan = await harness.PlanAsync();
        var read = await b.GetPlanAsync(plan.Id, CancellationToken.None);
        var stop = Started(plan.Id, "vm-a", CleanupAction.Stop);
        await b.ClaimStepAsync(stop, CleanupExecutor.StaleClaim, CancellationToken.None);
        await b.RecordStepAsync(stop with { Phase = "done", MonthlySavings = 120m, Currency = "USD" }, CancellationToken.None);
        var delete = Started("pln_later", "vm-a", CleanupAction.Delete);
        await b.ClaimStepAsync(delete, CleanupExecutor.StaleClaim, CancellationToken.None);
        await b.RecordStepAsync(delete with { Phase = "done", MonthlySavings = 120m, Currency = "USD" }, CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(plan.Hash, read.Hash);
        Assert.Equal(plan.Hash, Cleanup.Planning.CleanupPlan.HashOf(read.Policy, read.Items));
        Assert.Equal(plan.Items.Select(i => i.ResourceId), read.Items.Select(i => i.ResourceId));
        Assert.Equal([("USD", 120m, 1L)], await harness.Store.RealisedSavingsAsync(null, null, null, CancellationToken.None));
        // A report's period and team: the saving counts in the period of its first step, for the resource's team only.
        Assert.Equal([("USD", 120m, 1L)], await b.RealisedSavingsAsync(At.AddDays(-1), At.AddDays(6), "payments", CancellationToken.None));
        Assert.Empty(await b.RealisedSavingsAsync(At.AddDays(-1), At.AddDays(6), "search", CancellationToken.None));
        Assert.Empty(await b.RealisedSavingsAsync(At.AddSeconds(1), At.AddDays(7), null, CancellationToken.None));
        Assert.Contains(await b.AuditAsync(plan.Id, CancellationToken.None), r => r.Kind == "plan");
    }

    [Fact]
    public async Task The_kill_switch_engaged_on_one_silo_refuses_the_other_silos_run_until_released_there()
    {
        var connection = await InitAsync();
        var cluster = new Dictionary<string, string?>
        {
            ["Insights:Cleanup:Store:Kind"] = "postgresql",
            ["Insights:Cleanup:Store:ConnectionString"] = connection,
        };
        using var siloA = new CleanupHarness(settings: cluster);
        using var siloB = new CleanupHarness(settings: cluster);
        siloA.Findings.Set(FakeIdleFindings.Idle("vm-a"));
        var plan = await siloA.PlanAsync();
        await siloA.ApproveAsync(plan);

        await siloB.Kill.EngageAsync("oncall", "incident 42", CancellationToken.None);
        var refused = await Assert.ThrowsAsync<CleanupRefusedException>(() => siloA.ApplyAsync(plan));
        var statusOnA = await siloA.Get<CleanupStatusQuery>().ReadAsync(5, CancellationToken.None);
        Assert.True(await siloB.Kill.ReleaseAsync("oncall", CancellationToken.None));
        var applied = await siloA.ApplyAsync(plan);

        Assert.Contains("incident 42", refused.Message, StringComparison.Ordinal);
        Assert.True(statusOnA.KillSwitch);
        Assert.Equal(1, applied.Done);
        Assert.Equal(["vm-a"], siloA.Cloud.CallsOf(CleanupAction.Notify).Select(c => c.ResourceId));
        Assert.Empty(siloB.Cloud.Calls);
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
