using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Analytics.Tests.Uptime;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Tests.Productivity;

/// <summary>
/// DevLake's incident rules on small hand-computed cases (dora plugin incident_deploy_connector.go and the DORA
/// dashboard's change failure rate, failed deployment recovery time and time to restore SQL). Window: September 2–30, 2024.
/// </summary>
public sealed class DoraIncidentLinkTests : IDisposable
{
    private static readonly DateTime Sep = new(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly UptimeWindow Window = new("custom", Sep.AddDays(1), Sep.AddDays(29));
    private readonly DeliveryStore _store = new();

    public void Dispose() => _store.Dispose();

    private static DateTime Day(int day, int hour, int minute = 0) => Sep.AddDays(day - 1).AddHours(hour).AddMinutes(minute);

    private async Task<DoraRow> WebAsync(UptimeWindow? window = null) =>
        (await _store.Dora.ForAsync(UptimeScope.Service, "web", null, window ?? Window, DoraBenchmarks.Report2023, CancellationToken.None)).Single();

    [Fact]
    public async Task An_incident_after_the_window_still_fails_the_deployment_in_it_but_is_not_counted_in_the_window()
    {
        await _store.Uptime.CatalogAsync("web", "shop");
        await _store.DeployAsync("web", "d1", Day(29, 20));
        await _store.Uptime.IncidentEventAsync("INC-1", "web", Day(30, 2), Day(30, 5));   // after the window's end (Sep 30 00:00)

        var web = await WebAsync();

        // DevLake filters the deployments by the window, not the incidents linked to them.
        Assert.Equal((1L, 1L, 1.0), (web.Deployments, web.FailedDeployments, web.ChangeFailureRate));
        // It was neither started nor resolved in the window: no time to restore, no recovery in this window.
        Assert.Equal((0L, 0L, 0L), (web.Incidents, web.RestoreCount, web.RecoveryCount));
    }

    [Fact]
    public async Task An_incident_after_the_window_links_to_a_later_deployment_when_one_finished_before_it()
    {
        await _store.Uptime.CatalogAsync("web", "shop");
        await _store.DeployAsync("web", "d1", Day(29, 20));
        await _store.DeployAsync("web", "d2", Day(30, 1));                                    // after the window, before the incident
        await _store.Uptime.IncidentEventAsync("INC-1", "web", Day(30, 2), Day(30, 5));

        var web = await WebAsync();

        Assert.Equal((1L, 0L, 0.0), (web.Deployments, web.FailedDeployments, web.ChangeFailureRate));
    }

    [Fact]
    public async Task An_incident_resolved_after_the_window_counts_in_time_to_restore_but_not_in_recovery()
    {
        await _store.Uptime.CatalogAsync("web", "shop");
        await _store.DeployAsync("web", "d1", Day(28, 10));
        await _store.Uptime.IncidentEventAsync("INC-1", "web", Day(29, 12), Day(30, 12));

        var web = await WebAsync();

        Assert.Equal((1L, 1L), (web.FailedDeployments, web.Incidents));
        Assert.Equal((1L, (double?)24), (web.RestoreCount, web.TimeToRestoreHours));         // started in the window, resolved as known now
        Assert.Equal((0L, (double?)null), (web.RecoveryCount, web.FailedDeploymentRecoveryHours)); // DevLake: resolution_date in the range
    }

    [Fact]
    public async Task A_re_sent_deployment_links_by_its_earliest_stored_copy_and_recovers_from_its_latest()
    {
        await _store.Uptime.CatalogAsync("web", "shop");
        await _store.DeployAsync("web", "d0", Day(9, 10));
        await _store.DeployAsync("web", "d1", Day(10, 10));
        await _store.DeployAsync("web", "d1", Day(10, 14));                                    // the same deployment id stored again
        await _store.Uptime.IncidentEventAsync("INC-1", "web", Day(10, 12), Day(10, 15));

        var web = await WebAsync();

        // DevLake's connector takes the latest deployment row finished before the incident: d1's 10:00 copy, not d0.
        Assert.Equal((2L, 1L), (web.Deployments, web.FailedDeployments));
        Assert.Equal(1, web.FailedDeploymentRecoveryHours);                                     // d1 finished 14:00 (its latest), resolved 15:00
    }

    [Fact]
    public async Task A_deployment_whose_latest_copy_is_after_the_window_belongs_to_the_next_window()
    {
        await _store.Uptime.CatalogAsync("web", "shop");
        await _store.DeployAsync("web", "d1", Day(29, 23));
        await _store.DeployAsync("web", "d1", Day(30, 1));

        var september = await WebAsync();
        var next = await WebAsync(new UptimeWindow("custom", Day(30, 0), Day(30, 0).AddDays(7)));

        Assert.Equal((0L, 1L), (september.Deployments, next.Deployments));
    }

    [Fact]
    public async Task A_probe_outage_covered_by_an_incident_record_is_that_record_and_one_without_a_record_is_its_own()
    {
        await _store.Uptime.CatalogAsync("web", "shop");
        await _store.DeployAsync("web", "d1", Day(12, 9));
        // Probe down 10:00–10:30 on the 12th, with a record 10:05–10:40 of the same outage; down 10:00–10:30 on the 13th, unrecorded.
        await _store.Uptime.ProbeAsync("web", Day(12, 10), TimeSpan.FromMinutes(1), [.. UptimeStore.Downs(30), .. UptimeStore.Ups(30)]);
        await _store.Uptime.ProbeAsync("web", Day(13, 10), TimeSpan.FromMinutes(1), [.. UptimeStore.Downs(30), .. UptimeStore.Ups(30)]);
        await _store.Uptime.IncidentEventAsync("INC-1", "web", Day(12, 10, 5), Day(12, 10, 40));

        var web = await WebAsync();

        Assert.Equal((2L, 1L), (web.Incidents, web.FailedDeployments));
        Assert.Equal(0.5, web.TimeToRestoreHours);                                             // [30 min, 35 min] → 30 min
        Assert.Equal(100 / 60.0, web.FailedDeploymentRecoveryHours!.Value, 9);                 // [09:00→10:40, 09:00→next day 10:30] → 1h40
    }
}
