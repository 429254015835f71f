using Platform.Insights.Analytics.Uptime;
using static Platform.Insights.Analytics.Tests.Uptime.UptimeStore;

namespace Platform.Insights.Analytics.Tests.Uptime;

public sealed class UptimeHistoryTests : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly UptimeStore _store = new(new UptimeKpiOptions { MinimumIncidentDuration = TimeSpan.FromMinutes(2) });

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Every_history_point_equals_the_kpis_computed_for_the_window_ending_there()
    {
        // Two days: a probed service with outages, a request-measured service with a counter reset and an error burst,
        // and a gap in the probe samples; points every hour with 1d windows.
        await _store.CatalogAsync("web", "shop");
        await _store.CatalogAsync("api", "shop", sli: "requests");
        await _store.CatalogAsync("db", "data", slo: 99.5m);
        var minutes = 2 * 24 * 60;
        await _store.ProbeAsync("web", T0, Minute, Enumerable.Range(0, minutes).Select(m => m % 700 is >= 100 and < 107 ? 0.0 : 1.0));
        await _store.ProbeAsync("db", T0, Minute, Enumerable.Range(0, minutes).Where(m => m is < 900 or > 1500).Select(m => m % 333 < 3 ? 0.0 : 1.0));
        await _store.CounterAsync("api", "200", T0, Minute, Enumerable.Range(0, minutes).Select(m => (double)((m % 1000) * 50)));
        await _store.CounterAsync("api", "500", T0, Minute, Enumerable.Range(0, minutes).Select(m => m < 1300 ? 0.0 : m < 1310 ? (m - 1299) * 40.0 : 400.0));
        await _store.IncidentEventAsync("INC-1", "db", T0.AddHours(30), T0.AddHours(31));

        var from = T0.AddDays(1);
        var to = T0.AddDays(2);
        var history = await _store.History.ComputeAsync(from, to, TimeSpan.FromHours(1), ["1d"], [UptimeScope.Service, UptimeScope.Team, UptimeScope.Org], CancellationToken.None);

        Assert.Equal(25 * 3, history.Count);
        foreach (var point in history.Where((_, i) => i % 4 == 0))
        {
            var scope = point.Rows[0].Scope;
            var expected = await _store.Kpis.ComputeAsync(scope, null, "1d", null, point.AsOf, null, CancellationToken.None);
            Assert.Equal(expected.Rows.Count, point.Rows.Count);
            foreach (var (want, got) in expected.Rows.Zip(point.Rows))
            {
                var at = $"{point.AsOf:O} {scope} {want.Name}";
                Assert.True(want.Name == got.Name, at);
                Assert.True(Close(want.Availability, got.Availability), $"{at}: availability {want.Availability} vs {got.Availability}");
                Assert.True(Close(want.Coverage, got.Coverage), $"{at}: coverage {want.Coverage} vs {got.Coverage}");
                Assert.True(Close(want.ErrorBudgetRemaining, got.ErrorBudgetRemaining), $"{at}: budget {want.ErrorBudgetRemaining} vs {got.ErrorBudgetRemaining}");
                Assert.True(want.Recovery == got.Recovery, $"{at}: recovery {want.Recovery} vs {got.Recovery}");
                foreach (var burn in new[] { "1h", "6h", "1d" })
                {
                    Assert.True(Close(want.BurnRates[burn], got.BurnRates[burn]), $"{at}: burn {burn} {want.BurnRates[burn]} vs {got.BurnRates[burn]}");
                }
                Assert.Null(got.BurnRates["5m"]);
            }
        }
        Assert.Contains(history, p => p.Rows.Any(r => r.Recovery.Incidents > 0));
        Assert.Contains(history, p => p.Rows.Any(r => r.Availability < 0.999));
    }

    private static bool Close(double? a, double? b) => (a, b) switch
    {
        (null, null) => true,
        ({ } x, { } y) => Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Abs(x)),
        _ => false,
    };
}
