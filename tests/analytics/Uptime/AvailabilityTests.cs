using Platform.Insights.Analytics.Uptime;
using static Platform.Insights.Analytics.Tests.Uptime.UptimeStore;

namespace Platform.Insights.Analytics.Tests.Uptime;

public sealed class AvailabilityTests : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly UptimeStore _store = new();

    public void Dispose() => _store.Dispose();

    private async Task<ServiceSli> OneAsync(string service, DateTime from, DateTime to)
    {
        var rows = await _store.Sli.ForAsync([new UptimeWindow("w", from, to)], service, null, CancellationToken.None);
        return Assert.Single(rows);
    }

    [Fact]
    public async Task Probe_availability_is_the_mean_of_the_samples_and_missing_samples_lower_coverage_not_availability()
    {
        // 2 hours at 1-minute probes, but the second hour is missing: 57 of the 60 samples present succeeded.
        await _store.ProbeAsync("web", T0, Minute, [.. Ups(30), .. Downs(3), .. Ups(27)]);

        var row = await OneAsync("web", T0, T0.AddHours(2));

        Assert.Equal(SliKind.Probe, row.Sli);
        Assert.Equal(57.0 / 60, row.Totals.Availability!.Value, 12);
        Assert.Equal(0.5, row.Totals.Coverage!.Value, 12);
    }

    [Fact]
    public async Task Request_availability_counts_counter_resets_as_restarts_from_zero()
    {
        var at = T0.AddMinutes(1);
        var step = TimeSpan.FromMinutes(5);
        await _store.CounterAsync("api", "200", at, step, [1000, 1100, 1250, 50, 150]);   // +100 +150 +50 (reset) +100 = 400
        await _store.CounterAsync("api", "500", at, step, [10, 12, 2, 4, 4]);             // +2 +2 (reset) +2 +0 = 6
        await _store.CounterAsync("api", "200", T0.AddHours(3), step, [5, 99999]);       // outside the window

        var row = await OneAsync("api", T0, T0.AddHours(1));

        Assert.Equal(SliKind.Requests, row.Sli);
        Assert.Equal((6.0, 406.0), (row.Totals.ErrorRequests, row.Totals.TotalRequests));
        Assert.Equal(1 - (6.0 / 406), row.Totals.Availability!.Value, 12);
    }

    [Fact]
    public async Task The_increase_before_a_window_starts_is_not_counted_and_windows_add_up()
    {
        var step = TimeSpan.FromMinutes(5);
        await _store.CounterAsync("api", "200", T0, step, [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200]);
        await _store.CounterAsync("api", "503", T0, step, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], label: "status");

        var rows = await _store.Sli.ForAsync([new UptimeWindow("a", T0.AddMinutes(5), T0.AddMinutes(30)), new UptimeWindow("b", T0.AddMinutes(30), T0.AddMinutes(65)), new UptimeWindow("all", T0.AddMinutes(5), T0.AddMinutes(65))], "api", null, CancellationToken.None);

        var totals = rows.ToDictionary(r => r.Window, r => r.Totals);
        Assert.Equal(5 * 101.0, totals["a"].TotalRequests);
        Assert.Equal(totals["all"].TotalRequests, totals["a"].TotalRequests + totals["b"].TotalRequests);
        Assert.Equal(totals["all"].ErrorRequests, totals["a"].ErrorRequests + totals["b"].ErrorRequests);
        Assert.Equal(12.0, totals["all"].ErrorRequests);
    }

    [Fact]
    public async Task A_service_uses_the_declared_sli_else_its_preferred_probe_else_requests()
    {
        await _store.CatalogAsync("declared", "t", sli: "requests");
        foreach (var service in new[] { "declared", "both", "up-only" })
        {
            await _store.ProbeAsync(service, T0, Minute, [.. Ups(5), .. Downs(5)], metric: "up");
        }
        await _store.ProbeAsync("both", T0, Minute, Ups(10));
        await _store.CounterAsync("declared", "200", T0, Minute, [0, 10, 20]);
        await _store.CounterAsync("requests-only", "200", T0, Minute, [0, 10, 20]);

        var rows = (await _store.Sli.ForAsync([new UptimeWindow("w", T0, T0.AddMinutes(10))], null, null, CancellationToken.None)).ToDictionary(r => r.Service);

        Assert.Equal((SliKind.Requests, 1.0), (rows["declared"].Sli!.Value, rows["declared"].Totals.Availability!.Value));
        Assert.Equal((SliKind.Probe, 1.0), (rows["both"].Sli!.Value, rows["both"].Totals.Availability!.Value));   // probe_success before up
        Assert.Equal((SliKind.Probe, 0.5), (rows["up-only"].Sli!.Value, rows["up-only"].Totals.Availability!.Value));
        Assert.Equal(SliKind.Requests, rows["requests-only"].Sli);
        Assert.Equal("t", rows["declared"].Team);
    }

    [Fact]
    public async Task Team_availability_sums_request_counters_instead_of_averaging_ratios()
    {
        await _store.CatalogAsync("busy", "shop");
        await _store.CatalogAsync("quiet", "shop");
        await _store.CounterAsync("busy", "200", T0, Minute, [0, 990]);
        await _store.CounterAsync("busy", "500", T0, Minute, [0, 10]);
        await _store.CounterAsync("quiet", "200", T0, Minute, [0, 5]);
        await _store.CounterAsync("quiet", "500", T0, Minute, [0, 5]);

        var report = await _store.Kpis.ComputeAsync(UptimeScope.Team, null, "1d", T0, T0.AddMinutes(10), null, CancellationToken.None);

        var team = Assert.Single(report.Rows);
        Assert.Equal(("shop", 2, "requests"), (team.Name, team.Services, team.Sli));
        Assert.Equal(1 - (15.0 / 1010), team.Availability!.Value, 12);
    }

    [Fact]
    public async Task As_of_is_the_end_of_the_data_when_it_ends_before_now()
    {
        await _store.ProbeAsync("web", T0, Minute, Ups(90));

        var (asOf, early) = await _store.DataEnd.AsOfAsync(CancellationToken.None);
        var report = await _store.Kpis.ComputeAsync(UptimeScope.Service, "web", "1d", null, null, null, CancellationToken.None);

        Assert.Equal((T0.AddMinutes(90), true), (asOf, early));
        Assert.Equal((T0.AddMinutes(90).AddDays(-1), T0.AddMinutes(90)), (report.Window.From, report.Window.To));
        Assert.Equal(1.0, report.Rows[0].Availability);
    }
}
