using Platform.Insights.Analytics.Idle;
using static Platform.Insights.Analytics.Tests.Idle.IdleStore;

namespace Platform.Insights.Analytics.Tests.Idle;

public sealed class VmIdleRuleTests : IDisposable
{
    private readonly IdleStore _store = new();

    public void Dispose() => _store.Dispose();

    /// <summary>1 % CPU all day with one peak hour a day: the daily maximum is the peak.</summary>
    private static Func<int, double> DailyPeak(double peak) => h => h % 24 == 14 ? peak : 0.01;

    [Fact]
    public async Task A_vm_whose_p95_of_daily_cpu_maxima_is_2_9_percent_is_idle_and_at_3_1_percent_is_not()
    {
        await _store.VmAsync("i-quiet", DailyPeak(0.029));
        await _store.VmAsync("i-busier", DailyPeak(0.031));

        var quiet = await _store.FindingAsync("i-quiet");
        var busier = await _store.FindingAsync("i-busier");

        Assert.Equal((IdleState.Idle, "vm.idle", true), (quiet.State, quiet.Rule, quiet.Actionable));
        Assert.Equal(0.029, Stat(quiet, "cpu_p95_of_daily_max").Value!.Value, 9);
        Assert.Equal((0.03, "<", true), (Stat(quiet, "cpu_p95_of_daily_max").Threshold, Stat(quiet, "cpu_p95_of_daily_max").Comparison, Stat(quiet, "cpu_p95_of_daily_max").Passed));
        Assert.Equal(14.0, Stat(quiet, "network_quiet_days").Value);
        Assert.Equal(1.0, quiet.Coverage);
        Assert.Equal(_store.Time.GetUtcNow().UtcDateTime.AddDays(-14), quiet.WindowStart);
        // 3.1 % fails the idle rule, but ≤ 10 % CPU and ≤ 5 MB on every day is Trusted Advisor's "low utilisation".
        Assert.Equal((IdleState.Underutilized, "vm.low_utilisation", false), (busier.State, busier.Rule, busier.Actionable));
        Assert.Equal(14.0, Stat(busier, "low_utilisation_days").Value);
    }

    [Fact]
    public async Task A_vm_busy_in_its_last_three_days_or_chatty_on_the_network_is_not_idle()
    {
        var hours = 35 * 24;
        // 2.5 % average on the last three days: P95 of maxima is still low, but the recent average breaks the rule.
        await _store.VmAsync("i-recent", h => h >= hours - 72 ? 0.025 : 0.01);
        // 100 B/s is 8.6 MB a day: only 11 of 14 days quiet when three days are chatty.
        await _store.VmAsync("i-chatty", _ => 0.01, h => h >= hours - 72 ? 100 : 10);
        // One chatty day is allowed (13 of 14).
        await _store.VmAsync("i-one-chatty-day", _ => 0.01, h => h >= hours - 24 ? 100 : 10);

        // Both still have ≥ 4 days of ≤ 10 % CPU and ≤ 5 MB: Trusted Advisor's low utilisation, not idle.
        Assert.Equal("vm.low_utilisation", (await _store.FindingAsync("i-recent")).Rule);
        Assert.Equal("vm.low_utilisation", (await _store.FindingAsync("i-chatty")).Rule);
        var oneDay = await _store.FindingAsync("i-one-chatty-day");
        Assert.Equal(IdleState.Idle, oneDay.State);
        Assert.Equal(13.0, Stat(oneDay, "network_quiet_days").Value);
    }

    [Fact]
    public async Task Thirty_one_hours_of_data_is_undetermined_and_never_actionable()
    {
        var now = _store.Time.GetUtcNow().UtcDateTime;
        await _store.VmAsync("i-new", _ => 0.001, _ => 1, hours: 31, from: now.AddHours(-31));
        await _store.BillingAsync("i-new", 5m);

        var finding = await _store.FindingAsync("i-new");

        Assert.Equal(IdleState.Undetermined, finding.State);
        Assert.False(finding.Actionable);
        Assert.Null(finding.MonthlySavings);
        Assert.Contains("younger than the 14-day window", finding.Recommendation, StringComparison.Ordinal);
        Assert.Equal(31.0 / (14 * 24), finding.Coverage, 6);
    }

    [Fact]
    public async Task Coverage_under_90_percent_or_a_silent_source_is_undetermined()
    {
        // Every fourth hour missing in the window: 75 % coverage.
        var now = _store.Time.GetUtcNow().UtcDateTime;
        await _store.SeriesAsync("svc-shop", "resource_cpu_utilization_ratio", """{"env":"production","resource_id":"i-gappy","resource_type":"vm","service":"svc-shop"}""",
            Enumerable.Range(0, 35 * 24).Where(h => h % 4 != 0).Select(h => (T0.AddHours(h), 0.01)));
        await _store.MetricAsync("i-gappy", "vm", "resource_network_bytes_per_second", _ => 10);
        // Stopped reporting three days ago while others continue.
        await _store.VmAsync("i-silent", _ => 0.01, hours: 32 * 24);
        await _store.VmAsync("i-alive", _ => 0.2);

        var gappy = await _store.FindingAsync("i-gappy");
        var silent = await _store.FindingAsync("i-silent");

        Assert.Equal(IdleState.Undetermined, gappy.State);
        Assert.Contains("coverage", gappy.Recommendation, StringComparison.Ordinal);
        Assert.Equal(IdleState.Undetermined, silent.State);
        Assert.Contains("silent since " + now.AddDays(-3).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), silent.Recommendation, StringComparison.Ordinal);
        Assert.False(gappy.Actionable || silent.Actionable);
    }

    [Fact]
    public async Task A_workload_with_one_month_end_burst_is_scheduled_not_idle()
    {
        // Busy 29–31 August (days 9–11 of the data), quiet since: the 14-day rule alone would say idle.
        await _store.VmAsync("i-month-end", h => h / 24 is >= 9 and <= 11 ? 0.8 : 0.01);
        await _store.BillingAsync("i-month-end", 10m);

        var finding = await _store.FindingAsync("i-month-end");

        Assert.Equal((IdleState.Scheduled, "vm.scheduled", false), (finding.State, finding.Rule, finding.Actionable));
        Assert.Contains("last 3 days of each month", finding.Recommendation, StringComparison.Ordinal);
        Assert.Equal(3.0, Stat(finding, "busy_days").Value);
        Assert.Equal(decimal.Round(10m * IdleMathDays * 32 / 35, 2), finding.MonthlySavings);
    }

    [Fact]
    public async Task A_weekly_batch_vm_is_scheduled_on_its_weekday()
    {
        await _store.VmAsync("i-monday", h => T0.AddHours(h).DayOfWeek == DayOfWeek.Monday ? 0.7 : 0.01);

        var finding = await _store.FindingAsync("i-monday");

        Assert.Equal(IdleState.Scheduled, finding.State);
        Assert.StartsWith("run it on a schedule: Mondays only", finding.Recommendation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_over_provisioned_vm_is_underutilized_and_an_active_one_active()
    {
        await _store.VmAsync("i-big", h => 0.12 + (0.02 * Math.Sin(h)), _ => 1_000_000);
        await _store.MetricAsync("i-big", "vm", "resource_memory_utilization_ratio", _ => 0.2);
        await _store.VmAsync("i-busy", h => 0.5 + (0.3 * Math.Sin(h)), _ => 1_000_000);
        await _store.BillingAsync("i-big", 20m);

        var big = await _store.FindingAsync("i-big");
        var busy = await _store.FindingAsync("i-busy");

        Assert.Equal((IdleState.Underutilized, "vm.rightsize"), (big.State, big.Rule));
        Assert.Equal(decimal.Round(20m * IdleMathDays * 0.5m, 2), big.MonthlySavings);
        Assert.Equal((IdleState.Active, "vm.idle", false), (busy.State, busy.Rule, busy.Actionable));
        Assert.Null(busy.MonthlySavings);
    }

    private const decimal IdleMathDays = 30.4375m;
}
