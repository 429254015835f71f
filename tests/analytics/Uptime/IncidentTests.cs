using Platform.Insights.Analytics.Uptime;
using static Platform.Insights.Analytics.Tests.Uptime.UptimeStore;

namespace Platform.Insights.Analytics.Tests.Uptime;

public sealed class IncidentTests : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly UptimeStore _store = new(new UptimeKpiOptions { MinimumIncidentDuration = TimeSpan.FromMinutes(2) });

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task An_incident_runs_from_the_first_failing_probe_to_the_first_succeeding_one_and_short_blips_are_dropped()
    {
        // minute 10-12 down (3 min), 18 down (1 min: under the 2-minute minimum), 24-27 down and still down at the end.
        await _store.ProbeAsync("web", T0, Minute, [.. Ups(10), .. Downs(3), .. Ups(5), .. Downs(1), .. Ups(5), .. Downs(4)]);

        var found = await _store.Incidents.StartedInAsync(T0, T0.AddMinutes(28), null, null, CancellationToken.None);

        Assert.Equal(2, found.Count);
        Assert.Equal((T0.AddMinutes(10), (DateTime?)T0.AddMinutes(13), "probe"), (found[0].Start, found[0].End, found[0].Source));
        Assert.Equal((T0.AddMinutes(24), (DateTime?)null), (found[1].Start, found[1].End));
    }

    [Fact]
    public async Task Within_a_remembered_scope_the_same_question_is_detected_once_and_outside_it_again()
    {
        await _store.ProbeAsync("web", T0, Minute, [.. Ups(10), .. Downs(3), .. Ups(5)]);
        var to = T0.AddHours(1);

        using (_store.Incidents.Remember())
        {
            var first = await _store.Incidents.StartedInAsync(T0, to, null, null, CancellationToken.None);
            await _store.ProbeAsync("api", T0, Minute, [.. Ups(2), .. Downs(3), .. Ups(5)]);
            // The same question: the first answer (a report's sections agree with each other); another question is asked anew.
            Assert.Same(first, await _store.Incidents.StartedInAsync(T0, to, null, null, CancellationToken.None));
            Assert.Single(first);
            Assert.Single(await _store.Incidents.StartedInAsync(T0, to, "api", null, CancellationToken.None));
        }

        Assert.Equal(2, (await _store.Incidents.StartedInAsync(T0, to, null, null, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_gap_in_the_samples_neither_starts_nor_ends_an_incident()
    {
        await _store.SeriesAsync("web", "probe_success", """{"service":"web"}""",
            [(T0, 1), (T0.AddMinutes(1), 0), (T0.AddMinutes(30), 0), (T0.AddMinutes(31), 1), (T0.AddMinutes(50), 1)]);

        var found = await _store.Incidents.StartedInAsync(T0, T0.AddHours(1), null, null, CancellationToken.None);

        var incident = Assert.Single(found);
        Assert.Equal(30.0, incident.DurationMinutes);
    }

    [Fact]
    public async Task Probe_and_event_records_of_one_outage_merge_and_an_outage_running_at_the_window_start_is_not_counted()
    {
        await _store.CatalogAsync("web", "shop");
        await _store.ProbeAsync("web", T0, Minute, [.. Ups(10), .. Downs(6), .. Ups(44)]);
        await _store.IncidentEventAsync("INC-1", "web", T0.AddMinutes(10), null);
        await _store.IncidentEventAsync("INC-1", "web", T0.AddMinutes(10), T0.AddMinutes(16));
        await _store.IncidentEventAsync("INC-2", "db", T0.AddMinutes(40), null);

        var all = await _store.Incidents.StartedInAsync(T0, T0.AddHours(1), null, null, CancellationToken.None);
        var later = await _store.Incidents.StartedInAsync(T0.AddMinutes(12), T0.AddHours(1), null, null, CancellationToken.None);
        var shop = await _store.Incidents.StartedInAsync(T0, T0.AddHours(1), null, "shop", CancellationToken.None);

        Assert.Equal(2, all.Count);
        Assert.Equal(("INC-1", "web", "shop", "probe+event", (DateTime?)T0.AddMinutes(16)), (all[0].Id, all[0].Service, all[0].Team, all[0].Source, all[0].End));
        Assert.Equal(("INC-2", "event", (DateTime?)null), (all[1].Id, all[1].Source, all[1].End));
        Assert.Equal(["INC-2"], later.Select(i => i.Id));
        Assert.Equal(["INC-1"], shop.Select(i => i.Id));
    }

    [Fact]
    public async Task Mttr_median_and_the_share_recovered_within_five_minutes_come_from_the_window_incidents()
    {
        await _store.CatalogAsync("web", "shop");
        // outages of 3, 12 and 4 minutes in a 2-hour window, the last one resolved by an event only.
        await _store.ProbeAsync("web", T0, Minute, [.. Ups(10), .. Downs(3), .. Ups(20), .. Downs(12), .. Ups(75)]);
        await _store.IncidentEventAsync("INC-9", "web", T0.AddMinutes(100), T0.AddMinutes(104));

        var report = await _store.Kpis.ComputeAsync(UptimeScope.Service, "web", "1d", T0, T0.AddHours(2), null, CancellationToken.None);

        var recovery = Assert.Single(report.Rows).Recovery;
        Assert.Equal((3, 0), (recovery.Incidents, recovery.Open));
        Assert.Equal(19.0 / 3, recovery.MttrMinutes!.Value, 9);
        Assert.Equal(4.0, recovery.MedianRecoveryMinutes);
        Assert.Equal(2.0 / 3, recovery.RecoveredWithinTargetShare!.Value, 9);
        Assert.Equal((2 - (19.0 / 60)) / 3, recovery.MtbfHours!.Value, 9);
    }

    [Fact]
    public async Task A_service_measured_by_requests_has_an_incident_while_its_error_ratio_burns_the_budget_at_page_level()
    {
        // 100 requests a minute; minutes 10-13 have 20% errors (page level for a 99.9% SLO is 14.4 x 0.1% = 1.44%),
        // minute 20 has 1% errors (under it), minute 30 alone fails (1 minute: under the 2-minute minimum).
        var errorsPerMinute = Enumerable.Range(0, 40).Select(m => m is >= 10 and <= 13 ? 20.0 : m == 20 ? 1.0 : m == 30 ? 50.0 : 0.0).ToArray();
        await _store.CatalogAsync("api", "shop");
        await _store.CounterAsync("api", "200", T0, Minute, Cumulative(errorsPerMinute.Select(e => 100 - e)));
        await _store.CounterAsync("api", "503", T0, Minute, Cumulative(errorsPerMinute));

        var found = await _store.Incidents.StartedInAsync(T0, T0.AddMinutes(40), null, null, CancellationToken.None);

        var incident = Assert.Single(found);
        Assert.Equal(("api", "shop", "requests", T0.AddMinutes(10), (DateTime?)T0.AddMinutes(14)), (incident.Service, incident.Team, incident.Source, incident.Start, incident.End));
    }

    [Fact]
    public async Task Request_errors_make_no_incident_for_a_service_measured_by_its_probe_unless_the_catalog_says_requests()
    {
        var errorsPerMinute = Enumerable.Range(0, 20).Select(m => m is >= 5 and <= 9 ? 50.0 : 0.0).ToArray();
        foreach (var service in new[] { "probed", "declared" })
        {
            await _store.ProbeAsync(service, T0, Minute, Ups(20));
            await _store.CounterAsync(service, "200", T0, Minute, Cumulative(errorsPerMinute.Select(e => 100 - e)));
            await _store.CounterAsync(service, "500", T0, Minute, Cumulative(errorsPerMinute));
        }
        await _store.CatalogAsync("declared", "shop", sli: "requests");

        var found = await _store.Incidents.StartedInAsync(T0, T0.AddMinutes(20), null, null, CancellationToken.None);

        var incident = Assert.Single(found);
        Assert.Equal(("declared", T0.AddMinutes(5), (DateTime?)T0.AddMinutes(10)), (incident.Service, incident.Start, incident.End));
    }

    private static IEnumerable<double> Cumulative(IEnumerable<double> perMinute)
    {
        var total = 0.0;
        foreach (var value in perMinute)
        {
            total += value;
            yield return total;
        }
    }
}
