using System.ComponentModel.DataAnnotations;
using Platform.Insights.Analytics.Idle;
using static Platform.Insights.Analytics.Tests.Idle.IdleStore;

namespace Platform.Insights.Analytics.Tests.Idle;

public sealed class IdleEvidenceTests
{
    private static Func<int, double> DailyPeak(double peak) => h => h % 24 == 14 ? peak : 0.01;

    [Fact]
    public async Task Savings_are_the_monthly_effective_cost_and_unknown_without_a_billing_match()
    {
        using var store = new IdleStore();
        await store.VmAsync("i-billed", _ => 0.01);
        await store.VmAsync("i-unbilled", _ => 0.01);
        await store.BillingAsync("i-billed", 2m, """{"team":"shop","owner":"ana"}""");

        var billed = await store.FindingAsync("i-billed");
        var unbilled = await store.FindingAsync("i-unbilled");

        // 30 daily rows of EffectiveCost 2 (BilledCost 3): 2 a day × 30.4375 days, from the cost after discounts.
        Assert.Equal(60.88m, billed.MonthlySavings);
        Assert.Equal("USD", billed.Currency);
        Assert.Equal((30L, 60m, "USD"), (billed.Billing!.Rows, billed.Billing.EffectiveCost, billed.Billing.Currency));
        Assert.Equal(store.Time.GetUtcNow().UtcDateTime.AddDays(-30), billed.Billing.ChargePeriodStart);
        Assert.Equal("ana", billed.Tags["owner"]);
        Assert.Equal(IdleState.Idle, unbilled.State);
        Assert.Null(unbilled.MonthlySavings);
        Assert.Null(unbilled.Billing);
        var all = await store.Detector.ListAsync(new IdleFindingFilter(), CancellationToken.None);
        Assert.Equal(["i-billed", "i-unbilled"], all.Select(f => f.ResourceId));                  // unknown savings last
        Assert.Equal(["i-billed"], (await store.Detector.ListAsync(new IdleFindingFilter(MinMonthlySavings: 50m), CancellationToken.None)).Select(f => f.ResourceId));
    }

    [Fact]
    public async Task A_resource_tag_overrides_its_cpu_threshold_and_changes_the_rule_version()
    {
        using var store = new IdleStore();
        await store.VmAsync("i-tagged", DailyPeak(0.031));
        await store.VmAsync("i-plain", DailyPeak(0.031));
        await store.VmAsync("i-typo", DailyPeak(0.031));
        await store.BillingAsync("i-tagged", 1m, """{"insights.platform/idle-cpu-threshold":"0.04"}""");
        await store.BillingAsync("i-typo", 1m, """{"insights.platform/idle-cpu-threshold":"four percent"}""");

        var tagged = await store.FindingAsync("i-tagged");
        var plain = await store.FindingAsync("i-plain");
        var typo = await store.FindingAsync("i-typo");

        Assert.Equal((IdleState.Idle, 0.04), (tagged.State, Stat(tagged, "cpu_p95_of_daily_max").Threshold));
        Assert.Contains("tag insights.platform/idle-cpu-threshold", tagged.Recommendation, StringComparison.Ordinal);
        Assert.NotEqual(IdleState.Idle, plain.State);
        Assert.NotEqual(IdleState.Idle, typo.State);
        Assert.Contains("ignored unreadable tags: insights.platform/idle-cpu-threshold", typo.Recommendation, StringComparison.Ordinal);
        var idleRuleOfPlain = new IdleClassifier(new IdleOptions(), T0).Classify(Resource("i-plain", 0.02));
        Assert.NotEqual(tagged.RuleVersion, idleRuleOfPlain.RuleVersion);
        Assert.StartsWith(IdleClassifier.DefinitionVersion + "-", tagged.RuleVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thresholds_are_configured_per_environment()
    {
        var options = new IdleOptions();
        options.Environments["staging"] = new Dictionary<string, double> { ["VmCpuP95"] = 0.05 };
        using var store = new IdleStore(options);
        await store.VmAsync("i-stg", DailyPeak(0.04), env: "staging");
        await store.VmAsync("i-prod", DailyPeak(0.04), env: "production");

        var staging = await store.FindingAsync("i-stg");
        var production = await store.FindingAsync("i-prod");

        Assert.Equal((IdleState.Idle, "staging"), (staging.State, staging.Environment));
        Assert.NotEqual(IdleState.Idle, production.State);
        Assert.Single(await store.Detector.ListAsync(new IdleFindingFilter(Environment: "staging"), CancellationToken.None));
    }

    [Fact]
    public void An_unknown_or_bad_threshold_fails_validation_naming_its_key()
    {
        var options = new IdleOptions { MinimumCoverage = 1.5 };
        options.Environments["staging"] = new Dictionary<string, double> { ["VmCpuP59"] = 0.05, ["VmCpuP95"] = 3 };

        var errors = options.Validate(new ValidationContext(options)).Select(e => e.ErrorMessage).ToList();

        Assert.Contains(errors, e => e!.StartsWith("Insights:Idle:Environments:staging:VmCpuP59 is not an idle threshold", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.StartsWith("Insights:Idle:Environments:staging:VmCpuP95 is a share", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.StartsWith("Insights:Idle:MinimumCoverage", StringComparison.Ordinal));
        Assert.Empty(new IdleOptions().Validate(new ValidationContext(new IdleOptions())));
    }

    [Fact]
    public async Task Finding_ids_are_stable_across_runs_and_detectors()
    {
        using var store = new IdleStore();
        await store.VmAsync("i-a", _ => 0.01);
        await store.MetricAsync("vol-a", "volume", "resource_attached", _ => 0);

        var first = await store.Detector.ListAsync(new IdleFindingFilter(), CancellationToken.None);
        var second = await store.NewDetector().ListAsync(new IdleFindingFilter(), CancellationToken.None);

        Assert.Equal(first.Select(f => f.Id), second.Select(f => f.Id));
        Assert.Equal(IdleClassifier.FindingId("i-a", "vm.idle"), Assert.Single(first, f => f.ResourceId == "i-a").Id);
        Assert.Matches("^idl_[0-9a-f]{20}$", first[0].Id);
        Assert.NotEqual(IdleClassifier.FindingId("i-a", "vm.idle"), IdleClassifier.FindingId("i-a", "vm.scheduled"));
        Assert.Equivalent(first[0], await store.Detector.GetAsync(first[0].Id, CancellationToken.None));
        Assert.Null(await store.Detector.GetAsync("idl_00000000000000000000", CancellationToken.None));
    }

    /// <summary>A VM's statistics as the SQL would give them: 14 days at a flat CPU with a quiet network.</summary>
    internal static IdleResourceStats Resource(string id, double cpu) =>
        new(id, "svc", "shop", "production", "vm", T0.AddDays(-20), T0.AddHours(-1),
            [.. Enumerable.Range(0, 14).Select(d => new IdleDay(d, 1, cpu, cpu, NetworkBytes: 1000, CpuCoverage: 1, NetworkCoverage: 1))],
            new Dictionary<string, string>(), null);
}
