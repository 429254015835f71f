using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Store;
using Platform.Insights.Cleanup.Tests.Support;
using Prometheus;

namespace Platform.Insights.Cleanup.Tests;

/// <summary>
/// Undo in the embedded store, with the answers the cluster's store gives (tests/host/ClusterCleanupUndoTests): one undo
/// of a step runs however many requests arrive, a second gets a refusal naming who undoes it, a later plan may stop the
/// resource again, and an undo left by a process that died is listed and resumed.
/// </summary>
public sealed class CleanupUndoTests
{
    /// <summary>Notify, then (three days on) stop vm-a: the stop step, done.</summary>
    private static async Task<CleanupStepRecord> StopAsync(CleanupHarness harness, string resource = "vm-a")
    {
        await harness.RunAsync();
        harness.Time.Advance(TimeSpan.FromDays(3));
        var (_, result) = await harness.RunAsync();
        Assert.Equal(1, result.Done);
        return (await harness.Store.AllDoneStepsAsync(CancellationToken.None)).Single(s => s.Action == "Stop" && s.ResourceId == resource);
    }

    [Fact]
    public async Task Two_undo_requests_at_once_from_two_store_instances_start_the_vm_once_and_the_second_is_refused_naming_the_undoer()
    {
        using var harness = new CleanupHarness();
        harness.Findings.Set(FakeIdleFindings.Idle("vm-a"));
        var stop = await StopAsync(harness);
        // A second store instance over the same database (a second API call's scope): the claim is the database's, not the object's.
        var other = new CleanupUndo(new DuckDbCleanupStore(harness.Database, harness.Time), harness.Cloud, new CleanupMeters(Metrics.NewCustomRegistry()), harness.Time);
        var inCloud = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Cloud.OnCall = async step =>
        {
            if (step.Action == CleanupAction.Start)
            {
                inCloud.TrySetResult();
                await release.Task;
            }
        };

        var first = harness.Undo.UndoAsync(stop.StepId, "alice", CancellationToken.None);
        await inCloud.Task;
        var whileRunning = await Assert.ThrowsAsync<CleanupRefusedException>(() => other.UndoAsync(stop.StepId, "bob", CancellationToken.None));
        var listed = await harness.Store.UndoingStepsAsync(CancellationToken.None);
        release.SetResult();
        var undone = await first;
        var afterwards = await Assert.ThrowsAsync<CleanupRefusedException>(() => other.UndoAsync(stop.StepId, "bob", CancellationToken.None));

        Assert.True(undone.Succeeded);
        Assert.Single(harness.Cloud.CallsOf(CleanupAction.Start));
        Assert.True(harness.Cloud.Running["vm-a"]);
        Assert.Contains($"is being undone by {CleanupInstance.Name}", whileRunning.Message, StringComparison.Ordinal);
        Assert.Equal([stop.StepId], listed.Select(s => s.StepId));
        Assert.Contains("already undone", afterwards.Message, StringComparison.Ordinal);
        Assert.Empty(await harness.Store.UndoingStepsAsync(CancellationToken.None));
        Assert.Equal(["started", "done", "undoing", "undone"], (await harness.Store.StepAsync(stop.StepId, CancellationToken.None)).Select(s => s.Phase));
        Assert.Equal(2, (await harness.Store.AuditAsync(null, CancellationToken.None)).Count(a => a.Kind == "refuse" && a.Action == "undo"));
    }

    [Fact]
    public async Task Stop_undo_stop_undo_stops_and_starts_the_vm_twice_through_two_plans()
    {
        using var harness = new CleanupHarness();
        harness.Findings.Set(FakeIdleFindings.Idle("vm-a", savings: 50m));
        var first = await StopAsync(harness);
        Assert.True((await harness.Undo.UndoAsync(first.StepId, "alice", CancellationToken.None)).Succeeded);

        // A later plan (another id, so another step key) puts the stop back once its grace after the last notice is over
        // (a week on: a Thursday, inside business hours): a new claim cycle on the resource.
        harness.Time.Advance(TimeSpan.FromDays(7));
        var (plan, again) = await harness.RunAsync();
        var second = (await harness.Store.AllDoneStepsAsync(CancellationToken.None)).Single(s => s.Action == "Stop");
        var savedWhileStopped = await harness.Store.RealisedSavingsAsync(null, null, null, CancellationToken.None);
        var undoneAgain = await harness.Undo.UndoAsync(second.StepId, "alice", CancellationToken.None);

        Assert.Equal(1, again.Done);
        Assert.Equal(plan.Id, second.PlanId);
        Assert.NotEqual(first.StepId, second.StepId);
        Assert.True(undoneAgain.Succeeded);
        Assert.Equal(2, harness.Cloud.CallsOf(CleanupAction.Stop).Count());
        Assert.Equal(2, harness.Cloud.CallsOf(CleanupAction.Start).Count());
        Assert.True(harness.Cloud.Running["vm-a"]);
        Assert.Equal([("EUR", 50m, 1L)], savedWhileStopped);
        Assert.Empty(await harness.Store.RealisedSavingsAsync(null, null, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_undo_goes_back_to_done_and_may_be_undone_again()
    {
        using var harness = new CleanupHarness();
        harness.Findings.Set(FakeIdleFindings.Idle("vm-a"));
        var stop = await StopAsync(harness);

        harness.Cloud.Failing = true;
        var failed = await harness.Undo.UndoAsync(stop.StepId, "alice", CancellationToken.None);
        var stillStopped = await harness.Store.AllDoneStepsAsync(CancellationToken.None);
        harness.Cloud.Failing = false;
        var retried = await harness.Undo.UndoAsync(stop.StepId, "alice", CancellationToken.None);

        Assert.False(failed.Succeeded);
        Assert.Contains(stillStopped, s => s.StepId == stop.StepId);
        Assert.True(retried.Succeeded);
        Assert.Equal(2, harness.Cloud.CallsOf(CleanupAction.Start).Count());
        Assert.Equal(["started", "done", "undoing", "undo_failed", "undoing", "undone"], (await harness.Store.StepAsync(stop.StepId, CancellationToken.None)).Select(s => s.Phase));
    }

    [Fact]
    public async Task An_undo_left_by_a_process_that_died_is_listed_after_a_restart_and_the_next_request_resumes_it_once()
    {
        var directory = Path.Combine(Path.GetTempPath(), "insights-cleanup-tests", Guid.NewGuid().ToString("N"));
        var time = new FakeTimeProvider(CleanupHarness.Monday10);
        var at = time.GetUtcNow().UtcDateTime;
        var stop = new CleanupStepRecord(CleanupExecutor.StepIdOf("pln_x/idl_vm-a/Stop"), "pln_x/idl_vm-a/Stop", "started", at, "pln_x", "idl_vm-a", "vm-a", "vm",
            "payments", "Stop", "fake-cloud", null, 30m, "EUR", null);
        try
        {
            using (var crashed = InsightsDatabase.Open(directory, new StoreRole("test"), time))
            {
                var store = new DuckDbCleanupStore(crashed, time);
                Assert.Equal(CleanupStepClaim.Claimed, await store.ClaimStepAsync(stop, CleanupExecutor.StaleClaim, CancellationToken.None));
                await store.RecordStepAsync(stop with { Phase = "done" }, CancellationToken.None);
                var claim = await store.ClaimUndoAsync(stop with { Phase = "undoing", Detail = "Start by alice" }, CancellationToken.None);
                Assert.Equal(CleanupUndoClaimOutcome.Claimed, claim.Outcome);
                // The process dies here, before the cloud answered: nothing records the undo's outcome.
            }
            time.Advance(TimeSpan.FromMinutes(5));
            using var restarted = InsightsDatabase.Open(directory, new StoreRole("test"), time);
            var store2 = new DuckDbCleanupStore(restarted, time);
            var cloud = new FakeCloud();
            var undo = new CleanupUndo(store2, cloud, new CleanupMeters(Metrics.NewCustomRegistry()), time);

            var listed = await store2.UndoingStepsAsync(CancellationToken.None);
            var stopNew = await store2.ClaimStepAsync(stop with { StepKey = "pln_y/idl_vm-a/Stop", StepId = "stp_y", PlanId = "pln_y", At = time.GetUtcNow().UtcDateTime },
                CleanupExecutor.StaleClaim, CancellationToken.None);
            var resumed = await undo.UndoAsync(stop.StepId, "bob", CancellationToken.None);
            var again = await Assert.ThrowsAsync<CleanupRefusedException>(() => undo.UndoAsync(stop.StepId, "bob", CancellationToken.None));

            Assert.Equal([stop.StepId], listed.Select(s => s.StepId));
            Assert.Equal(CleanupStepClaim.InProgress, stopNew);
            Assert.True(resumed.Succeeded);
            Assert.Single(cloud.CallsOf(CleanupAction.Start));
            Assert.Contains("already undone", again.Message, StringComparison.Ordinal);
            Assert.Empty(await store2.UndoingStepsAsync(CancellationToken.None));
            Assert.Equal(["started", "done", "undoing", "undo_failed", "undoing", "undone"], (await store2.StepAsync(stop.StepId, CancellationToken.None)).Select(s => s.Phase));
            Assert.Contains(await store2.AuditAsync("pln_x", CancellationToken.None), a => a.Kind == "undo" && a.Outcome == "resumed");
            Assert.Empty(await store2.RealisedSavingsAsync(null, null, null, CancellationToken.None));
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }
    }
}
