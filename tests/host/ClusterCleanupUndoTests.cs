using System.Net;
using System.Text.Json;
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
/// Undo claimed once across the cluster (PostgresUndoClaims, <c>009-insights-cleanup-undo.sql</c>) on the machine's real
/// PostgreSQL 15, each silo a cleanup harness (own fake cloud, own clock) or a store instance with its own connections:
/// two undo requests on two silos start the VM once and the second is refused (HTTP 409, CLI exit 1) naming the undoing
/// silo; stop → undo → stop → undo works across silos; an undo whose silo died mid-undo is listed and resumed.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterCleanupUndoTests(PostgresServer postgres) : IDisposable
{
    private readonly TempDir _work = new("cluster-undo");

    private async Task<string> InitAsync()
    {
        var connection = await postgres.NewDatabaseAsync("undo");
        await ClusterSchema.ApplyAsync(connection, CancellationToken.None);
        return connection;
    }

    private static Dictionary<string, string?> Cluster(string connection) => new()
    {
        ["Insights:Cleanup:Store:Kind"] = "postgresql",
        ["Insights:Cleanup:Store:ConnectionString"] = connection,
    };

    /// <summary>Notify, then (three days on) stop vm-a on <paramref name="silo"/>: the stop step, done.</summary>
    private static async Task<CleanupStepRecord> StopAsync(CleanupHarness silo)
    {
        await silo.RunAsync();
        silo.Time.Advance(TimeSpan.FromDays(3));
        var (_, result) = await silo.RunAsync();
        Assert.Equal(1, result.Done);
        return (await silo.Store.AllDoneStepsAsync(CancellationToken.None)).Single(s => s.Action == "Stop");
    }

    [Fact]
    public async Task An_undo_requested_through_two_silos_apis_at_once_starts_the_vm_once_and_the_other_silo_answers_409_naming_the_undoer()
    {
        var connection = await InitAsync();
        using var siloA = new CleanupHarness(settings: Cluster(connection));
        using var siloB = new CleanupHarness(settings: Cluster(connection));
        siloA.Findings.Set(FakeIdleFindings.Idle("vm-a"));
        var stop = await StopAsync(siloA);
        var inCloud = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        siloA.Cloud.OnCall = async step =>
        {
            if (step.Action == CleanupAction.Start)
            {
                inCloud.TrySetResult();
                await release.Task;
            }
        };
        await using var apiA = await CleanupApiSilo.StartAsync(siloA);
        await using var apiB = await CleanupApiSilo.StartAsync(siloB);

        var onA = apiA.Http.PostAsync($"/api/v1/cleanup/steps/{stop.StepId}/undo", null);
        await inCloud.Task;
        using var onB = await apiB.Http.PostAsync($"/api/v1/cleanup/steps/{stop.StepId}/undo", null);
        var refusedWhileRunning = await onB.Content.ReadAsStringAsync();
        using var statusB = await apiB.Http.GetAsync("/api/v1/cleanup/status");
        using var status = JsonDocument.Parse(await statusB.Content.ReadAsStringAsync());
        release.SetResult();
        using var undoneOnA = await onA;
        // The CLI through silo B's API afterwards: a guardrail's refusal, exit 1, saying it is undone already.
        var tokenFile = _work.Write("token", CleanupApiSilo.AdminToken + "\n");
        var cli = await InsightsExe.RunAsync(_work.Path, ["cleanup", "undo", stop.StepId, "--server", apiB.Http.BaseAddress!.ToString(), "--token-file", tokenFile,
            "--data", _work.Sub("data")]);

        Assert.Equal(HttpStatusCode.OK, undoneOnA.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, onB.StatusCode);
        Assert.Contains($"is being undone by {PostgresCleanupStore.Instance}", refusedWhileRunning, StringComparison.Ordinal);
        Assert.Equal([stop.StepId], status.RootElement.GetProperty("undoing").EnumerateArray().Select(s => s.GetProperty("stepId").GetString()));
        Assert.Equal(1, cli.ExitCode);
        Assert.Contains("refused:", cli.Stderr, StringComparison.Ordinal);
        Assert.Contains("already undone", cli.Stderr, StringComparison.Ordinal);
        Assert.Single(siloA.Cloud.CallsOf(CleanupAction.Start));
        Assert.Empty(siloB.Cloud.CallsOf(CleanupAction.Start));
        Assert.Equal("undone", await ScalarAsync<string>(connection, $"SELECT state FROM cleanup_step_claims WHERE step_key = '{stop.StepKey}'"));
        Assert.Null(await siloB.Store.BrokenAuditLinkAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Eight_undo_claims_racing_from_two_silos_are_won_once_and_the_losers_name_the_winner()
    {
        var connection = await InitAsync();
        await using var a = Silo(connection);
        await using var b = Silo(connection);
        var step = await DoneStopAsync(a, "pln_race");

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? a : b).ClaimUndoAsync(Undoing(step), CancellationToken.None)));
        var winner = Array.FindIndex(claims, c => c.Outcome == CleanupUndoClaimOutcome.Claimed) % 2 == 0 ? a : b;
        await winner.RecordStepAsync(Undoing(step) with { Phase = "undone" }, CancellationToken.None);
        var afterwards = await b.ClaimUndoAsync(Undoing(step), CancellationToken.None);

        Assert.Equal(1, claims.Count(c => c.Outcome == CleanupUndoClaimOutcome.Claimed));
        Assert.All(claims.Where(c => c.Outcome != CleanupUndoClaimOutcome.Claimed), c => Assert.Equal((CleanupUndoClaimOutcome.InProgress, PostgresCleanupStore.Instance), (c.Outcome, c.Owner)));
        Assert.Equal(CleanupUndoClaimOutcome.Undone, afterwards.Outcome);
        // Rows recorded within one tick of the fake clock read back in any order: compared as a set of phases.
        Assert.Equal(new[] { "started", "done", "undoing", "undone" }.Order(StringComparer.Ordinal),
            (await a.StepAsync(step.StepId, CancellationToken.None)).Select(s => s.Phase).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Stop_undo_stop_undo_across_two_silos_stops_and_starts_the_vm_twice_and_each_undo_once()
    {
        var connection = await InitAsync();
        using var siloA = new CleanupHarness(settings: Cluster(connection));
        using var siloB = new CleanupHarness(settings: Cluster(connection));
        siloA.Findings.Set(FakeIdleFindings.Idle("vm-a", savings: 50m));
        var first = await StopAsync(siloA);
        var undoFirst = await siloB.Undo.UndoAsync(first.StepId, "bob", CancellationToken.None);
        var secondUndoOfFirst = await Assert.ThrowsAsync<CleanupRefusedException>(() => siloA.Undo.UndoAsync(first.StepId, "alice", CancellationToken.None));

        // A later plan on silo A stops the VM again (a week on, past the grace after the last notice): a new claim cycle.
        siloA.Time.Advance(TimeSpan.FromDays(7));
        var (plan, again) = await siloA.RunAsync();
        var second = (await siloB.Store.AllDoneStepsAsync(CancellationToken.None)).Single(s => s.Action == "Stop");
        var undoSecond = await siloB.Undo.UndoAsync(second.StepId, "bob", CancellationToken.None);

        Assert.True(undoFirst.Succeeded);
        Assert.Contains("already undone", secondUndoOfFirst.Message, StringComparison.Ordinal);
        Assert.Equal(1, again.Done);
        Assert.Equal(plan.Id, second.PlanId);
        Assert.True(undoSecond.Succeeded);
        Assert.Equal(2, siloA.Cloud.CallsOf(CleanupAction.Stop).Count());
        Assert.Equal(2, siloB.Cloud.CallsOf(CleanupAction.Start).Count());
        Assert.Empty(siloA.Cloud.CallsOf(CleanupAction.Start));
        Assert.Equal(2L, await ScalarAsync<long>(connection, "SELECT count(*) FROM cleanup_step_claims WHERE resource_id = 'vm-a' AND action = 'Stop' AND state = 'undone'"));
        Assert.Empty(await siloA.Store.RealisedSavingsAsync(null, null, null, CancellationToken.None));
    }

    [Fact]
    public async Task An_undo_whose_silo_died_mid_undo_is_listed_held_while_it_lives_and_resumed_once_by_the_next_request_on_another_silo()
    {
        var connection = await InitAsync();
        using var siloB = new CleanupHarness(settings: Cluster(connection));
        var a = Silo(connection);
        var step = await DoneStopAsync(a, "pln_crash");
        Assert.Equal(CleanupUndoClaimOutcome.Claimed, (await a.ClaimUndoAsync(Undoing(step), CancellationToken.None)).Outcome);

        var whileAlive = await Assert.ThrowsAsync<CleanupRefusedException>(() => siloB.Undo.UndoAsync(step.StepId, "bob", CancellationToken.None));
        var newStopWhileUndoing = await siloB.Store.ClaimStepAsync(step with { StepKey = "pln_new/idl_vm-a/Stop", StepId = "stp_new", PlanId = "pln_new" },
            CleanupExecutor.StaleClaim, CancellationToken.None);
        // Silo A's process dies mid-undo, before the cloud answered: its connections close, PostgreSQL drops its undo lock.
        await a.DisposeAsync();
        var listed = await siloB.Get<CleanupStatusQuery>().ReadAsync(5, CancellationToken.None);
        var resumed = await siloB.Undo.UndoAsync(step.StepId, "bob", CancellationToken.None);

        Assert.Contains($"is being undone by {PostgresCleanupStore.Instance}", whileAlive.Message, StringComparison.Ordinal);
        Assert.Equal(CleanupStepClaim.InProgress, newStopWhileUndoing);
        Assert.Equal([step.StepId], listed.Undoing.Select(s => s.StepId));
        Assert.True(resumed.Succeeded);
        Assert.Single(siloB.Cloud.CallsOf(CleanupAction.Start));
        Assert.Equal("undone", await ScalarAsync<string>(connection, $"SELECT state FROM cleanup_step_claims WHERE step_key = '{step.StepKey}'"));
        Assert.Equal(2, await ScalarAsync<int>(connection, $"SELECT undo_attempts FROM cleanup_step_claims WHERE step_key = '{step.StepKey}'"));
        Assert.Equal(new[] { "started", "done", "undoing", "undo_failed", "undoing", "undone" }.Order(StringComparer.Ordinal),
            (await siloB.Store.StepAsync(step.StepId, CancellationToken.None)).Select(s => s.Phase).Order(StringComparer.Ordinal));
        Assert.Contains(await siloB.Store.AuditAsync("pln_crash", CancellationToken.None), r => r.Kind == "undo" && r.Outcome == "resumed");
        Assert.Empty((await siloB.Get<CleanupStatusQuery>().ReadAsync(5, CancellationToken.None)).Undoing);
    }

    public void Dispose() => _work.Dispose();

    private static PostgresCleanupStore Silo(string connection) =>
        new(Options.Create(new CleanupOptions { Store = new CleanupStoreOptions { Kind = "postgresql", ConnectionString = connection } }), new FakeTimeProvider(CleanupHarness.Monday10));

    private static async Task<CleanupStepRecord> DoneStopAsync(PostgresCleanupStore silo, string plan)
    {
        var key = $"{plan}/idl_vm-a/Stop";
        var started = new CleanupStepRecord(CleanupExecutor.StepIdOf(key), key, "started", CleanupHarness.Monday10.UtcDateTime, plan, "idl_vm-a", "vm-a", "vm", "payments",
            "Stop", "fake-cloud", null, 30m, "EUR", null);
        Assert.Equal(CleanupStepClaim.Claimed, await silo.ClaimStepAsync(started, CleanupExecutor.StaleClaim, CancellationToken.None));
        await silo.RecordStepAsync(started with { Phase = "done" }, CancellationToken.None);
        return started with { Phase = "done" };
    }

    private static CleanupStepRecord Undoing(CleanupStepRecord done) => done with { Phase = "undoing", MonthlySavings = null, Currency = null, Detail = "Start by test" };

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
