using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Tests.Support;

namespace Platform.Insights.Cleanup.Tests;

public sealed class CleanupApprovalTests
{
    [Fact]
    public async Task Approving_plan_a_does_not_apply_plan_b()
    {
        using var harness = new CleanupHarness();
        harness.Findings.Set(FakeIdleFindings.Idle("vm-a"));
        var planA = await harness.PlanAsync();
        harness.Findings.Set(FakeIdleFindings.Idle("vm-b", savings: 500m));
        var planB = await harness.PlanAsync();
        await harness.ApproveAsync(planA);

        var refused = await Assert.ThrowsAsync<CleanupRefusedException>(() => harness.ApplyAsync(planB));

        Assert.Contains("not approved", refused.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Cloud.Calls);
        // Nor can plan A's approval be given with plan B's hash.
        await Assert.ThrowsAsync<CleanupRefusedException>(() => harness.Approvals.ApproveAsync(planA.Id, planB.Hash[..12], "alice", CancellationToken.None));
        var audit = await harness.Store.AuditAsync(planB.Id, CancellationToken.None);
        Assert.Contains(audit, a => a.Kind == "refuse");
    }

    [Fact]
    public async Task An_expired_approval_is_refused()
    {
        using var harness = new CleanupHarness();
        harness.Findings.Set(FakeIdleFindings.Idle("vm-a"));
        var plan = await harness.PlanAsync();
        await harness.ApproveAsync(plan);
        harness.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));

        var refused = await Assert.ThrowsAsync<CleanupRefusedException>(() => harness.ApplyAsync(plan));

        Assert.Contains("expired", refused.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Cloud.Calls);
    }

    [Fact]
    public async Task A_short_or_wrong_hash_does_not_approve()
    {
        using var harness = new CleanupHarness();
        harness.Findings.Set(FakeIdleFindings.Idle("vm-a"));
        var plan = await harness.PlanAsync();

        await Assert.ThrowsAsync<CleanupRefusedException>(() => harness.Approvals.ApproveAsync(plan.Id, plan.Hash[..6], "alice", CancellationToken.None));
        await Assert.ThrowsAsync<CleanupRefusedException>(() => harness.Approvals.ApproveAsync(plan.Id, new string('0', 64), "alice", CancellationToken.None));
        await Assert.ThrowsAsync<CleanupRefusedException>(() => harness.ApplyAsync(plan));
    }

    [Fact]
    public async Task A_finding_that_changed_or_vanished_after_approval_is_skipped_and_audited()
    {
        using var harness = new CleanupHarness();
        harness.Findings.Set(FakeIdleFindings.Idle("vm-changed"), FakeIdleFindings.Idle("vm-gone"), FakeIdleFindings.Idle("vm-same"), FakeIdleFindings.Idle("vm-busy"));
        var plan = await harness.PlanAsync();
        await harness.ApproveAsync(plan);
        harness.Findings.Set(FakeIdleFindings.Idle("vm-changed", tags: "owner=bob"));
        harness.Findings.Set(FakeIdleFindings.Idle("vm-busy", state: Analytics.Idle.IdleState.Active, actionable: false));
        harness.Findings.Remove("idl_vm-gone");

        var result = await harness.ApplyAsync(plan);

        Assert.Equal(1, result.Done);
        Assert.Equal(3, result.Skipped);
        Assert.Equal("vm-same", Assert.Single(harness.Cloud.Calls).ResourceId);
        Assert.Equal(4, harness.Findings.Gets);
        var audit = await harness.Store.AuditAsync(plan.Id, CancellationToken.None);
        Assert.Contains(audit, a => a.Kind == "skip" && a.ResourceId == "vm-changed" && a.Outcome == "changed");
        Assert.Contains(audit, a => a.Kind == "skip" && a.ResourceId == "vm-busy" && a.Outcome == "changed");
        Assert.Contains(audit, a => a.Kind == "skip" && a.ResourceId == "vm-gone" && a.Outcome == "gone");
    }

    [Fact]
    public async Task Enforcing_steps_are_refused_outside_business_hours()
    {
        using var harness = new CleanupHarness(settings: new() { ["Insights:Cleanup:BusinessHours:TimeZone"] = "Europe/Berlin" });
        harness.Findings.Set(FakeIdleFindings.Idle("vm-a"));
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero)); // a Saturday
        var plan = await harness.PlanAsync();
        await harness.ApproveAsync(plan);

        var refused = await Assert.ThrowsAsync<CleanupRefusedException>(() => harness.ApplyAsync(plan));

        Assert.Contains("business-hours", refused.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Cloud.Calls);
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
        await Assert.ThrowsAsync<CleanupRefusedException>(() => harness.ApplyAsync(plan));
    }
}
