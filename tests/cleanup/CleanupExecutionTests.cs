using DuckDB.NET.Data;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Tests.Support;

namespace Platform.Insights.Cleanup.Tests;

public sealed class CleanupExecutionTests
{
    [Fact]
    public async Task A_second_run_of_a_job_does_not_repeat_a_delete()
    {
        using var harness = new CleanupHarness(CleanupPolicies.DeleteLadder);
        harness.Findings.Set(FakeIdleFindings.Idle("vm-a"), FakeIdleFindings.Idle("vm-b"));
        for (var rung = 0; rung < 3; rung++)
        {
            await harness.RunAsync();
            harness.Time.Advance(TimeSpan.FromHours(2));
        }
        var deletePlan = await harness.PlanAsync();
        Assert.All(deletePlan.Items, i => Assert.Equal(CleanupAction.Delete, i.Action));
        await harness.ApproveAsync(deletePlan);

        // Hangfire may run the same job twice (a retry after a lost acknowledgement, a second server picking it up).
        var first = await harness.Jobs.ApplyBatchAsync(deletePlan.Id, 0, 100, CancellationToken.None);
        var second = await harness.Jobs.ApplyBatchAsync(deletePlan.Id, 0, 100, CancellationToken.None);

        Assert.Equal(2, harness.Cloud.CallsOf(CleanupAction.Delete).Count());
        Assert.Equal(["vm-a", "vm-b"], harness.Cloud.CallsOf(CleanupAction.Delete).Select(c => c.ResourceId).Order());
        Assert.StartsWith("2 done", first, StringComparison.Ordinal);
        Assert.Contains("2 skipped", second, StringComparison.Ordinal);
        var audit = await harness.Store.AuditAsync(deletePlan.Id, CancellationToken.None);
        Assert.Equal(2, audit.Count(a => a.Outcome == "already_done"));
    }

    [Fact]
    public async Task Two_approved_plans_for_the_same_deletes_delete_each_resource_once()
    {
        using var harness = new CleanupHarness(CleanupPolicies.DeleteLadder);
        harness.Findings.Set(FakeIdleFindings.Idle("vm-a"), FakeIdleFindings.Idle("vm-b"));
        for (var rung = 0; rung < 3; rung++)
        {
            await harness.RunAsync();
            harness.Time.Advance(TimeSpan.FromHours(2));
        }
        // Planned twice before either ran (a schedule and an operator): two plans, two approvals, the same deletes.
        var first = await harness.PlanAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await harness.PlanAsync();
        await harness.ApproveAsync(first);
        await harness.ApproveAsync(second);

        var firstRun = await harness.ApplyAsync(first);
        var secondRun = await harness.ApplyAsync(second);

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(["vm-a", "vm-b"], second.Items.Select(i => i.ResourceId).Order());
        Assert.Equal((2, 0), (firstRun.Done, firstRun.Skipped));
        Assert.Equal((0, 2), (secondRun.Done, secondRun.Skipped));
        Assert.Equal(["vm-a", "vm-b"], harness.Cloud.CallsOf(CleanupAction.Delete).Select(c => c.ResourceId).Order());
    }

    [Fact]
    public async Task The_kill_switch_stops_a_run_in_progress()
    {
        using var harness = new CleanupHarness();
        harness.Findings.Set(Enumerable.Range(0, 6).Select(i => FakeIdleFindings.Idle($"vm-{i}")).ToArray());
        var plan = await harness.PlanAsync();
        await harness.ApproveAsync(plan);
        harness.Cloud.OnCall = async step =>
        {
            if (harness.Cloud.Calls.Count == 2)
            {
                await harness.Kill.EngageAsync("oncall", "saw something odd", CancellationToken.None);
            }
        };

        var result = await harness.ApplyAsync(plan);

        Assert.True(result.Killed);
        Assert.Equal(2, harness.Cloud.Calls.Count);
        Assert.Equal(2, result.Done);
        var audit = await harness.Store.AuditAsync(null, CancellationToken.None);
        Assert.Contains(audit, a => a.Kind == "kill" && a.Outcome == "engaged" && a.Actor == "oncall");
        Assert.Contains(audit, a => a.Kind == "skip" && a.Outcome == "killed");
        // While it is on, nothing starts; released, the rest of the plan can go.
        await Assert.ThrowsAsync<CleanupRefusedException>(() => harness.ApplyAsync(plan));
        harness.Cloud.OnCall = null;
        await harness.Kill.ReleaseAsync("oncall", CancellationToken.None);
        var rest = await harness.ApplyAsync(plan);
        Assert.Equal(4, rest.Done);
        Assert.Equal(6, harness.Cloud.Calls.Count);
    }

    [Fact]
    public async Task The_kill_switch_from_configuration_refuses_every_run()
    {
        using var harness = new CleanupHarness(settings: new() { ["Insights:Cleanup:KillSwitch"] = "true" });
        harness.Findings.Set(FakeIdleFindings.Idle("vm-a"));

        await Assert.ThrowsAsync<CleanupRefusedException>(() => harness.RunAsync());

        Assert.Empty(harness.Cloud.Calls);
    }

    [Fact]
    public async Task Undo_restores_the_replicas_a_scale_to_zero_stored_and_takes_back_the_savings_it_realised_in_its_period_for_its_team()
    {
        using var harness = new CleanupHarness();
        harness.Findings.Set(FakeIdleFindings.Idle("shop/cart", type: "k8s_workload", savings: 42.5m));
        harness.Cloud.Replicas["shop/cart"] = 3;
        await harness.RunAsync("abandoned-workloads");
        harness.Time.Advance(TimeSpan.FromDays(2));
        var (plan, result) = await harness.RunAsync("abandoned-workloads");
        Assert.Equal(1, result.Done);
        Assert.Equal(0, harness.Cloud.Replicas["shop/cart"]);
        var saved = Assert.Single(await harness.Store.RealisedSavingsAsync(null, null, null, CancellationToken.None));
        Assert.Equal(("EUR", 42.5m, 1L), saved);
        // What reports read: the period of the first saving step, the resource's team.
        var doneAt = harness.Time.GetUtcNow().UtcDateTime;
        var savings = harness.Services.GetRequiredService<IRealisedSavings>();
        var week = await savings.ListAsync(doneAt.Date, doneAt.Date.AddDays(7), null, CancellationToken.None);
        Assert.Equal([new RealisedSaving("EUR", 42.5m, 1)], week);
        Assert.Equal(week, await savings.ListAsync(doneAt.Date, doneAt.Date.AddDays(7), "payments", CancellationToken.None));
        Assert.Empty(await savings.ListAsync(doneAt.Date, doneAt.Date.AddDays(7), "search", CancellationToken.None));
        Assert.Empty(await savings.ListAsync(doneAt.Date.AddDays(-7), doneAt.Date, null, CancellationToken.None));
        Assert.Empty(await savings.ListAsync(doneAt.AddSeconds(1), doneAt.AddDays(7), null, CancellationToken.None));

        var step = (await harness.Store.StepsOfPlanAsync(plan.Id, CancellationToken.None)).Single(s => s.Action == "ScaleToZero" && s.Phase == "done");
        Assert.Equal(3, step.PreviousReplicas);
        var undo = await harness.Undo.UndoAsync(step.StepId, "alice", CancellationToken.None);

        Assert.True(undo.Succeeded);
        Assert.Equal(3, harness.Cloud.Replicas["shop/cart"]);
        Assert.Empty(await harness.Store.RealisedSavingsAsync(null, null, null, CancellationToken.None));
        Assert.Empty(await savings.ListAsync(doneAt.Date, doneAt.Date.AddDays(7), null, CancellationToken.None));
        await Assert.ThrowsAsync<CleanupRefusedException>(() => harness.Undo.UndoAsync(step.StepId, "alice", CancellationToken.None));
    }

    [Fact]
    public async Task A_delete_cannot_be_undone()
    {
        using var harness = new CleanupHarness(CleanupPolicies.DeleteLadder);
        harness.Findings.Set(FakeIdleFindings.Idle("vm-a"));
        for (var rung = 0; rung < 4; rung++)
        {
            await harness.RunAsync();
            harness.Time.Advance(TimeSpan.FromHours(2));
        }
        var delete = (await harness.Store.AllDoneStepsAsync(CancellationToken.None)).Single(s => s.Action == "Delete");

        var refused = await Assert.ThrowsAsync<CleanupRefusedException>(() => harness.Undo.UndoAsync(delete.StepId, "alice", CancellationToken.None));

        Assert.Contains("cannot be undone", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owner_is_notified_before_every_step()
    {
        using var harness = new CleanupHarness();
        harness.Findings.Set(FakeIdleFindings.Idle("vm-a"));
        await harness.RunAsync();
        harness.Time.Advance(TimeSpan.FromDays(3));

        await harness.RunAsync();

        Assert.Equal([CleanupAction.Notify, CleanupAction.Notify, CleanupAction.Stop], harness.Cloud.Calls.Select(c => c.Action));
        Assert.Contains("about to Stop", harness.Cloud.Calls[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_circuit_breaker_stops_a_run_when_steps_keep_failing()
    {
        using var harness = new CleanupHarness();
        harness.Findings.Set(Enumerable.Range(0, 10).Select(i => FakeIdleFindings.Idle($"vm-{i}")).ToArray());
        harness.Cloud.Failing = true;
        var plan = await harness.PlanAsync();
        await harness.ApproveAsync(plan);

        var result = await harness.ApplyAsync(plan);

        Assert.True(result.BreakerOpen);
        Assert.Equal(4, harness.Cloud.Calls.Count); // BreakerMinimumThroughput failures, then open
        await Assert.ThrowsAsync<Jobs.CleanupBatchFailedException>(() => harness.Jobs.ApplyBatchAsync(plan.Id, 0, 100, CancellationToken.None));
    }

    [Fact]
    public async Task The_audit_log_records_every_decision_and_step_and_detects_an_edit()
    {
        using var harness = new CleanupHarness();
        harness.Findings.Set(FakeIdleFindings.Idle("vm-a"), FakeIdleFindings.Idle("vm-p", tags: "do-not-delete"), FakeIdleFindings.Idle("vm-t", tags: "managed-by=terraform"));

        var (plan, _) = await harness.RunAsync();

        var audit = await harness.Store.AuditAsync(plan.Id, CancellationToken.None);
        Assert.Equal(["plan", "decision", "decision", "decision", "approve", "step"], audit.Select(a => a.Kind));
        Assert.Equal(["vm-a", "vm-p", "vm-t"], audit.Where(a => a.Kind == "decision").Select(a => a.ResourceId).Order());
        Assert.All(audit.Where(a => a.Kind is "decision" or "step"), a => Assert.Contains("cpu_p95_of_daily_max", a.Evidence, StringComparison.Ordinal));
        Assert.Equal(audit.Select(a => a.Seq), audit.Select(a => a.Seq).Order());
        Assert.Null(await harness.Store.BrokenAuditLinkAsync(CancellationToken.None));

        await harness.Database.WriteAsync(c =>
        {
            using var edit = c.CreateCommand();
            edit.CommandText = "UPDATE cleanup_audit SET outcome = 'protected' WHERE kind = 'step'";
            edit.ExecuteNonQuery();
        }, CancellationToken.None);
        Assert.Equal(audit.Single(a => a.Kind == "step").Seq, await harness.Store.BrokenAuditLinkAsync(CancellationToken.None));
    }
}
