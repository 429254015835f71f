using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Tests.Support;

namespace Platform.Insights.Cleanup.Tests;

public sealed class CleanupGuardrailTests
{
    /// <summary>Walks a finding's whole ladder (notify → stop → snapshot → verify → delete), advancing past each grace.</summary>
    private static async Task RunWholeLadderAsync(CleanupHarness harness)
    {
        for (var rung = 0; rung < 5; rung++)
        {
            await harness.RunAsync();
            harness.Time.Advance(TimeSpan.FromDays(8));
            while (!harness.Get<Microsoft.Extensions.Options.IOptions<CleanupOptions>>().Value.BusinessHours.IsOpen(harness.Time.GetUtcNow()))
            {
                harness.Time.Advance(TimeSpan.FromHours(1));
            }
        }
    }

    [Fact]
    public async Task A_protected_tag_or_namespace_is_never_touched_through_the_whole_ladder()
    {
        using var harness = new CleanupHarness();
        harness.Findings.Set(
            FakeIdleFindings.Idle("vm-protected", tags: "do-not-delete"),
            FakeIdleFindings.Idle("vm-protected-case", tags: "Do-Not-Delete=yes"),
            FakeIdleFindings.Idle("vm-system", tags: "namespace=kube-system"),
            FakeIdleFindings.Idle("vm-free"));

        await RunWholeLadderAsync(harness);

        Assert.Contains("vm-free", harness.Cloud.Deleted);
        Assert.All(harness.Cloud.Calls, c => Assert.Equal("vm-free", c.ResourceId));
        var plans = await harness.Store.ListPlansAsync(10, CancellationToken.None);
        Assert.All(plans, p => Assert.DoesNotContain(p.Items, i => i.ResourceId != "vm-free"));
        Assert.Contains(plans.SelectMany(p => p.Decisions), d => d.ResourceId == "vm-system" && d.Decision == "protected" && d.Detail.Contains("kube-system", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_resource_managed_by_terraform_is_only_reported()
    {
        using var harness = new CleanupHarness();
        harness.Findings.Set(FakeIdleFindings.Idle("vm-iac", tags: "managed-by=terraform"));

        var (plan, _) = await harness.RunAsync();

        Assert.Empty(plan.Items);
        Assert.Empty(harness.Cloud.Calls);
        var decision = Assert.Single(plan.Decisions);
        Assert.Equal("iac_managed", decision.Decision);
        var audit = await harness.Store.AuditAsync(plan.Id, CancellationToken.None);
        Assert.Contains(audit, a => a.ResourceId == "vm-iac" && a.Outcome == "iac_managed" && a.Evidence!.Contains("managed-by", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dry_run_calls_no_provider_and_audits_what_it_would_do()
    {
        // Default options: the global dry-run switch is on.
        using var harness = new CleanupHarness(settings: new() { ["Insights:Cleanup:DryRun"] = null });
        harness.Findings.Set(FakeIdleFindings.Idle("vm-a"), FakeIdleFindings.Idle("vm-b"));

        var (plan, result) = await harness.RunAsync();

        Assert.Equal(2, result.DryRun);
        Assert.Empty(harness.Cloud.Calls);
        Assert.All(plan.Items, i => Assert.False(i.Enforce));
        var audit = await harness.Store.AuditAsync(plan.Id, CancellationToken.None);
        Assert.Equal(2, audit.Count(a => a.Outcome == "dry_run"));
    }

    [Fact]
    public async Task An_environment_not_listed_for_enforcement_stays_dry_run_even_with_an_enforcing_policy()
    {
        using var harness = new CleanupHarness();
        harness.Findings.Set(FakeIdleFindings.Idle("vm-prod", environment: "prod"), FakeIdleFindings.Idle("vm-dev"));

        var (plan, result) = await harness.RunAsync();

        Assert.False(plan.Items.Single(i => i.ResourceId == "vm-prod").Enforce);
        Assert.Equal(1, result.DryRun);
        Assert.Equal("vm-dev", Assert.Single(harness.Cloud.Calls).ResourceId);
    }

    [Fact]
    public async Task A_policy_without_enforce_stays_dry_run_in_an_enforcing_environment()
    {
        using var harness = new CleanupHarness(CleanupHarness.DefaultPolicies.Replace("enforce: true", "enforce: false", StringComparison.Ordinal));
        harness.Findings.Set(FakeIdleFindings.Idle("vm-dev"));

        var (_, result) = await harness.RunAsync();

        Assert.Equal(1, result.DryRun);
        Assert.Empty(harness.Cloud.Calls);
    }

    [Theory]
    [InlineData(1000, 30, 10)] // N holds: 5% of 1000 would be 50
    [InlineData(100, 30, 5)]   // P% holds: 5% of 100
    [InlineData(10, 3, 1)]     // a small fleet still moves one at a time
    public async Task At_most_n_resources_and_p_percent_of_the_fleet_are_planned_per_run(int fleet, int idle, int expected)
    {
        using var harness = new CleanupHarness(settings: new() { ["Insights:Cleanup:MaxPercentPerRun"] = null });
        for (var i = 0; i < fleet; i++)
        {
            harness.Findings.Set(FakeIdleFindings.Idle($"vm-{i:0000}", state: i < idle ? Analytics.Idle.IdleState.Idle : Analytics.Idle.IdleState.Active, actionable: i < idle));
        }

        var (plan, result) = await harness.RunAsync();

        Assert.Equal(expected, plan.Items.Count);
        Assert.Equal(expected, plan.Cap);
        Assert.Equal(fleet, plan.Fleet);
        Assert.Equal(idle - expected, plan.Decisions.Count(d => d.Decision == "over_cap"));
        Assert.Equal(expected, result.Done);
        Assert.Equal(expected, harness.Cloud.Calls.Count);
    }

    [Fact]
    public async Task Undetermined_or_not_yet_actionable_findings_are_never_planned()
    {
        using var harness = new CleanupHarness();
        harness.Findings.Set(FakeIdleFindings.Idle("vm-young", actionable: false));

        var (plan, _) = await harness.RunAsync();

        Assert.Empty(plan.Items);
        Assert.Equal("not_actionable", Assert.Single(plan.Decisions).Decision);
    }

    [Fact]
    public async Task The_next_rung_waits_for_its_grace_period()
    {
        using var harness = new CleanupHarness();
        harness.Findings.Set(FakeIdleFindings.Idle("vm-a"));
        await harness.RunAsync();
        harness.Time.Advance(TimeSpan.FromDays(2));

        var early = await harness.PlanAsync();
        harness.Time.Advance(TimeSpan.FromDays(1));
        var due = await harness.PlanAsync();

        Assert.Empty(early.Items);
        Assert.Equal("waiting_grace", Assert.Single(early.Decisions).Decision);
        Assert.Equal(CleanupAction.Stop, Assert.Single(due.Items).Action);
    }
}
