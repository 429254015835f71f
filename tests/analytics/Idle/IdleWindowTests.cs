using System.ComponentModel.DataAnnotations;
using Platform.Insights.Analytics.Idle;
using static Platform.Insights.Analytics.Tests.Idle.IdleStore;

namespace Platform.Insights.Analytics.Tests.Idle;

/// <summary>Rule windows per environment (prod 14 days, dev 7) and per resource by tag, each in the rule version.</summary>
public sealed class IdleWindowTests : IDisposable
{
    private const int Hours = 35 * 24;

    private readonly IdleStore _store = new(new IdleOptions
    {
        Environments = new(StringComparer.OrdinalIgnoreCase)
        {
            ["dev"] = new(StringComparer.OrdinalIgnoreCase) { ["VmWindowDays"] = 7, ["VmQuietDays"] = 6, ["LowUtilisationDays"] = 2 },
            ["prod"] = new(StringComparer.OrdinalIgnoreCase) { ["VmWindowDays"] = 14 },
        },
    });

    public void Dispose() => _store.Dispose();

    /// <summary>Busy (50 % CPU, chatty) until 10 days ago, quiet (0.5 %, 10 B/s) since.</summary>
    private Task QuietForTenDaysAsync(string id, string env) =>
        _store.VmAsync(id, h => h < Hours - (10 * 24) ? 0.5 : 0.005, h => h < Hours - (10 * 24) ? 50_000 : 10, env: env);

    [Fact]
    public async Task A_vm_quiet_for_ten_days_is_idle_under_dev_s_7_day_window_and_not_under_prod_s_14()
    {
        await QuietForTenDaysAsync("i-dev", "dev");
        await QuietForTenDaysAsync("i-prod", "prod");
        await QuietForTenDaysAsync("i-default", "production");
        var now = _store.Time.GetUtcNow().UtcDateTime;

        var dev = await _store.FindingAsync("i-dev");
        var prod = await _store.FindingAsync("i-prod");
        var fallback = await _store.FindingAsync("i-default");

        Assert.Equal((IdleState.Idle, "vm.idle", true), (dev.State, dev.Rule, dev.Actionable));
        Assert.Equal((now.AddDays(-7), 6.0, 7.0), (dev.WindowStart, Stat(dev, "network_quiet_days").Threshold, Stat(dev, "network_quiet_days").Value!.Value));
        Assert.Contains("environment dev, windows 7/7 days", dev.Recommendation, StringComparison.Ordinal);
        foreach (var busier in new[] { prod, fallback })
        {
            // Ten quiet days of fourteen: Trusted Advisor's low utilisation, never actionable.
            Assert.Equal((IdleState.Underutilized, "vm.low_utilisation", false), (busier.State, busier.Rule, busier.Actionable));
            Assert.Equal(now.AddDays(-14), busier.WindowStart);
            Assert.Equal(10.0, Stat(busier, "low_utilisation_days").Value);
        }
        // The window is part of each rule's version: the same rule judged over 7 days is another version.
        Assert.NotEqual(dev.RuleVersion, prod.RuleVersion);
        Assert.Equal(prod.RuleVersion, fallback.RuleVersion);
        Assert.StartsWith(IdleClassifier.DefinitionVersion + "-", dev.RuleVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resource_tag_overrides_its_window_and_an_unreadable_window_tag_is_ignored()
    {
        await QuietForTenDaysAsync("i-tagged", "production");
        await QuietForTenDaysAsync("i-typo", "production");
        await QuietForTenDaysAsync("i-too-long", "production");
        await _store.BillingAsync("i-tagged", 4m, """{"team":"shop","insights.platform/idle-vm-window-days":"7","insights.platform/idle-quiet-days":6}""");
        await _store.BillingAsync("i-typo", 4m, """{"team":"shop","insights.platform/idle-vm-window-days":"seven"}""");
        await _store.BillingAsync("i-too-long", 4m, """{"team":"shop","insights.platform/idle-vm-window-days":"36"}""");
        var now = _store.Time.GetUtcNow().UtcDateTime;

        var tagged = await _store.FindingAsync("i-tagged");
        var typo = await _store.FindingAsync("i-typo");
        var tooLong = await _store.FindingAsync("i-too-long");

        Assert.Equal((IdleState.Idle, true, now.AddDays(-7)), (tagged.State, tagged.Actionable, tagged.WindowStart));
        Assert.Contains("tag insights.platform/idle-vm-window-days", tagged.Recommendation, StringComparison.Ordinal);
        Assert.NotNull(tagged.MonthlySavings);
        foreach (var ignored in new[] { typo, tooLong })
        {
            Assert.Equal((false, now.AddDays(-14)), (ignored.Actionable, ignored.WindowStart));
            Assert.Contains("ignored unreadable tags: insights.platform/idle-vm-window-days", ignored.Recommendation, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_kubernetes_workload_in_dev_is_judged_over_its_environment_s_window()
    {
        using var store = new IdleStore(new IdleOptions
        {
            Environments = new(StringComparer.OrdinalIgnoreCase) { ["dev"] = new(StringComparer.OrdinalIgnoreCase) { ["K8sWindowDays"] = 3 } },
        });
        // Traffic until 5 days ago, none since: abandoned over 3 days, not over the default 7.
        foreach (var (id, env) in new[] { ("deploy/dev-api", "dev"), ("deploy/api", "production") })
        {
            await store.MetricAsync(id, "k8s_workload", "container_cpu_usage_seconds_total", h => h * 3600 * 0.001, env: env);
            await store.MetricAsync(id, "k8s_workload", "container_network_receive_bytes_total", h => (h < Hours - (5 * 24) ? h : Hours - (5 * 24)) * 3600 * 5000.0, env: env);
        }

        var dev = await store.FindingAsync("deploy/dev-api");
        var prod = await store.FindingAsync("deploy/api");

        Assert.Equal((IdleState.Idle, "k8s.abandoned"), (dev.State, dev.Rule));
        Assert.Equal(store.Time.GetUtcNow().UtcDateTime.AddDays(-3), dev.WindowStart);
        Assert.NotEqual(IdleState.Idle, prod.State);
        Assert.Equal(store.Time.GetUtcNow().UtcDateTime.AddDays(-7), prod.WindowStart);
    }

    [Theory]
    [InlineData("VmWindowDays", 0, "Insights:Idle:Environments:dev:VmWindowDays must be a whole number of days between 1 and 35")]
    [InlineData("VmWindowDays", 7.5, "Insights:Idle:Environments:dev:VmWindowDays must be a whole number of days between 1 and 35")]
    [InlineData("K8sWindowDays", 40, "Insights:Idle:Environments:dev:K8sWindowDays must be a whole number of days between 1 and 35")]
    [InlineData("VmWindowDays", 7, "Insights:Idle:Environments:dev:VmQuietDays is 13 days but the VM window is 7 days")]
    public void A_bad_environment_window_fails_at_start_naming_its_key(string name, double value, string expected)
    {
        var options = new IdleOptions
        {
            Environments = new(StringComparer.OrdinalIgnoreCase) { ["dev"] = new(StringComparer.OrdinalIgnoreCase) { [name] = value } },
        };

        var errors = options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage).ToList();

        Assert.Contains(errors, e => e!.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Run_settings_are_validated_at_start_naming_their_keys()
    {
        var options = new IdleOptions { RefreshInterval = TimeSpan.FromHours(3), MaxFindingAge = TimeSpan.FromHours(2), KeepRuns = 0 };

        var errors = options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage).ToList();

        Assert.Contains(errors, e => e!.StartsWith("Insights:Idle:MaxFindingAge must be at least RefreshInterval", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.StartsWith("Insights:Idle:KeepRuns must be between 1 and 100", StringComparison.Ordinal));
        Assert.Empty(_store.Options.Validate(new ValidationContext(_store.Options)));
    }
}
