using Platform.Insights.Analytics.Uptime;
using static Platform.Insights.Analytics.Tests.Uptime.UptimeStore;

namespace Platform.Insights.Analytics.Tests.Uptime;

public sealed class BurnRateTests : IDisposable
{
    private readonly UptimeStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Ten_failing_minutes_at_the_end_burn_every_short_window_and_page()
    {
        var asOf = T0.AddDays(3);
        await _store.ProbeAsync("web", T0, TimeSpan.FromMinutes(1), [.. Ups((3 * 1440) - 10), .. Downs(10)]);

        var report = await _store.Kpis.ComputeAsync(UptimeScope.Service, "web", "30d", null, asOf, null, CancellationToken.None);

        var row = Assert.Single(report.Rows);
        Assert.Equal(1000, row.BurnRates["5m"]!.Value, 6);                 // error ratio 1 / budget 0.001
        Assert.Equal(10.0 / 60 / 0.001, row.BurnRates["1h"]!.Value, 6);
        Assert.Equal(10.0 / (3 * 1440) / 0.001, row.BurnRates["3d"]!.Value, 6);
        Assert.Equal(BurnAlert.Page, row.Alert);
        Assert.Equal(1 - (10.0 / (3 * 1440)), row.Availability!.Value, 12);
        Assert.Equal(0.1, row.Coverage!.Value, 12);                          // 3 of the 30 days have samples
        Assert.Equal(1 - (10.0 / (3 * 1440) / 0.001), row.ErrorBudgetRemaining!.Value, 9);
    }

    [Fact]
    public async Task Burn_rates_divide_summed_counters_so_a_busy_bad_interval_is_not_averaged_away_and_a_recovered_burn_is_a_ticket_not_a_page()
    {
        var asOf = T0.AddHours(1);
        var step = TimeSpan.FromMinutes(5);
        // 12 five-minute intervals: eleven with 10 good requests, the third with 1,000 requests of which 100 failed.
        var ok = new List<double> { 0 };
        var errors = new List<double> { 0 };
        for (var k = 0; k < 12; k++)
        {
            ok.Add(ok[^1] + (k == 2 ? 900 : 10));
            errors.Add(errors[^1] + (k == 2 ? 100 : 0));
        }
        await _store.CounterAsync("api", "200", T0.AddMinutes(-5), step, ok);
        await _store.CounterAsync("api", "500", T0.AddMinutes(-5), step, errors);

        var report = await _store.Kpis.ComputeAsync(UptimeScope.Service, "api", "1d", null, asOf, null, CancellationToken.None);

        var row = Assert.Single(report.Rows);
        Assert.Equal(100.0 / 1110 / 0.001, row.BurnRates["1h"]!.Value, 6);   // an average of ratios would say (0.1 / 12) / 0.001
        Assert.Equal(0, row.BurnRates["5m"]!.Value, 9);                       // the last interval had no errors
        Assert.Equal(0, row.BurnRates["30m"]!.Value, 9);
        Assert.Equal(BurnAlert.Ticket, row.Alert);                            // 5m and 30m have recovered (no page), 1d and 2h still burn > 3x
    }

    [Fact]
    public void Alert_state_needs_both_windows_of_a_pair_over_its_factor()
    {
        Assert.Equal(BurnAlert.Page, SloMath.AlertState(new Dictionary<string, double?> { ["1h"] = 15, ["5m"] = 15 }));
        Assert.Equal(BurnAlert.None, SloMath.AlertState(new Dictionary<string, double?> { ["1h"] = 15, ["5m"] = 14 }));
        Assert.Equal(BurnAlert.Page, SloMath.AlertState(new Dictionary<string, double?> { ["6h"] = 6.5, ["30m"] = 7 }));
        Assert.Equal(BurnAlert.Ticket, SloMath.AlertState(new Dictionary<string, double?> { ["1d"] = 3.1, ["2h"] = 4 }));
        Assert.Equal(BurnAlert.Ticket, SloMath.AlertState(new Dictionary<string, double?> { ["3d"] = 1.2, ["6h"] = 1.1, ["1h"] = null }));
        Assert.Equal(BurnAlert.None, SloMath.AlertState(new Dictionary<string, double?> { ["3d"] = 1.0, ["6h"] = 5 }));
    }
}
