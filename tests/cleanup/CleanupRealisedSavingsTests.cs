using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Cleanup.Tests.Support;

namespace Platform.Insights.Cleanup.Tests;

/// <summary>What reports read as "realised by cleanup": a period's done saving steps, once per finding, per team, less undone.</summary>
public sealed class CleanupRealisedSavingsTests
{
    [Fact]
    public async Task Savings_count_in_the_period_of_the_first_saving_step_for_the_resources_team_and_leave_with_an_undo()
    {
        using var harness = new CleanupHarness();
        harness.Findings.Set(FakeIdleFindings.Idle("shop/cart", type: "k8s_workload", savings: 42.5m));
        harness.Cloud.Replicas["shop/cart"] = 3;
        await harness.RunAsync("abandoned-workloads");
        harness.Time.Advance(TimeSpan.FromDays(2));
        var (plan, result) = await harness.RunAsync("abandoned-workloads");
        Assert.Equal(1, result.Done);
        var doneAt = harness.Time.GetUtcNow().UtcDateTime;
        var savings = harness.Services.GetRequiredService<IRealisedSavings>();

        var week = await savings.ListAsync(doneAt.Date, doneAt.Date.AddDays(7), null, CancellationToken.None);
        Assert.Equal([new RealisedSaving("EUR", 42.5m, 1)], week);
        Assert.Equal(week, await savings.ListAsync(doneAt.Date, doneAt.Date.AddDays(7), "payments", CancellationToken.None));
        Assert.Empty(await savings.ListAsync(doneAt.Date, doneAt.Date.AddDays(7), "search", CancellationToken.None));
        Assert.Empty(await savings.ListAsync(doneAt.Date.AddDays(-7), doneAt.Date, null, CancellationToken.None));
        Assert.Empty(await savings.ListAsync(doneAt.AddSeconds(1), doneAt.AddDays(7), null, CancellationToken.None));

        var step = (await harness.Store.StepsOfPlanAsync(plan.Id, CancellationToken.None)).Single(s => s.Action == "ScaleToZero" && s.Phase == "done");
        await harness.Undo.UndoAsync(step.StepId, "alice", CancellationToken.None);
        Assert.Empty(await savings.ListAsync(doneAt.Date, doneAt.Date.AddDays(7), null, CancellationToken.None));
    }
}
