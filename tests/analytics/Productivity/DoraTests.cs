using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Analytics.Tests.Uptime;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Tests.Productivity;

/// <summary>
/// The DORA SQL on a hand-built month with answers worked out by DevLake's rules (see each assertion's comment).
/// Window: Monday 2024-09-02 to Monday 2024-09-30, four ISO weeks of September.
/// </summary>
public sealed class DoraTests : IDisposable
{
    private static readonly DateTime Sep = new(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly UptimeWindow Window = new("custom", Sep.AddDays(1), Sep.AddDays(29));
    private readonly DeliveryStore _store = new();

    public void Dispose() => _store.Dispose();

    private static DateTime Day(int day, int hour) => Sep.AddDays(day - 1).AddHours(hour);

    private async Task SeedWebAsync()
    {
        await _store.Uptime.CatalogAsync("web", "shop");
        await _store.Uptime.CatalogAsync("api", "shop");
        await _store.Uptime.CatalogAsync("idle", "ops");
        // Successful production deployments: days 2 (twice), 3, 4 | 9 | 16, 17 — lead times 24h, 2h, 3h, 10h, 48h, none, 1h.
        await _store.DeployAsync("web", "d1", Day(2, 10), Day(1, 10));
        await _store.DeployAsync("web", "d2", Day(2, 15), Day(2, 13));
        await _store.DeployAsync("web", "d3", Day(3, 10), Day(3, 7));
        await _store.DeployAsync("web", "d4", Day(4, 10), Day(4, 0));
        await _store.DeployAsync("web", "d5", Day(9, 10), Day(7, 10));
        await _store.DeployAsync("web", "d6", Day(16, 10));
        await _store.DeployAsync("web", "d7", Day(17, 10), Day(17, 9));
        // The same event id stored again a minute later (a re-sent event): still one deployment.
        await _store.DeployAsync("web", "d7", Day(17, 10).AddMinutes(1), Day(17, 9));
        // Not counted: a failed production deployment, a staging one, and one before the window (but incidents may link to it).
        await _store.DeployAsync("web", "f1", Day(5, 10), Day(5, 9), outcome: "failure");
        await _store.DeployAsync("web", "s1", Day(6, 10), Day(6, 9), environment: "staging");
        await _store.DeployAsync("web", "old", Day(1, 8), Day(1, 7));
        // Incidents: INC-1 after d4 (2h), INC-2 and INC-3 after d5 (24h, 1h; apart — overlapping ones would be one outage),
        // INC-4 still open after d7; INC-0 on "api", which never deployed.
        await _store.Uptime.IncidentEventAsync("INC-1", "web", Day(4, 12), Day(4, 14));
        await _store.Uptime.IncidentEventAsync("INC-2", "web", Day(9, 11), Day(10, 11));
        await _store.Uptime.IncidentEventAsync("INC-3", "web", Day(10, 12), Day(10, 13));
        await _store.Uptime.IncidentEventAsync("INC-4", "web", Day(20, 0), null);
        await _store.Uptime.IncidentEventAsync("INC-0", "api", Day(5, 0), Day(5, 3));
    }

    [Fact]
    public async Task Web_gets_devlake_figures_for_frequency_lead_time_failure_rate_and_recovery()
    {
        await SeedWebAsync();

        var rows = await _store.Dora.ForAsync(UptimeScope.Service, null, null, Window, DoraBenchmarks.Report2023, CancellationToken.None);
        var web = rows.Single(r => r.Name == "web");

        Assert.Equal(["api", "idle", "web"], rows.Select(r => r.Name));
        Assert.Equal("shop", web.Team);
        Assert.Equal(7, web.Deployments);                     // d1..d7 (d7 once), not f1 / s1 / old
        Assert.Equal(6, web.DeploymentDays);                  // days 2, 3, 4, 9, 16, 17
        Assert.Equal(1, web.DeploymentFrequency);             // days per week [3, 1, 2, 0] → lower median 1
        Assert.Equal(6, web.DeploymentDaysPerMonth);          // one month: 6
        Assert.Equal(6, web.DeploymentDaysPerSixMonths);
        Assert.Equal(6, web.LeadTimeCount);                   // d6 has no first commit
        Assert.Equal(3, web.LeadTimeHours);                   // [1, 2, 3, 10, 24, 48] → index 2
        Assert.Equal(3, web.FailedDeployments);               // d4, d5, d7 have a linked incident
        Assert.Equal(3.0 / 7, web.ChangeFailureRate!.Value, 12);
        Assert.Equal(3, web.RecoveryCount);                   // INC-1: 4h after d4, INC-2: 25h, INC-3: 27h after d5; INC-4 open
        Assert.Equal(25, web.FailedDeploymentRecoveryHours);  // [4, 25, 27] → 25
        Assert.Equal(4, web.Incidents);
        Assert.Equal(3, web.RestoreCount);
        Assert.Equal(2, web.TimeToRestoreHours);              // [1, 2, 24] → 2
        Assert.Equal(new DoraBands(DoraBand.High, DoraBand.Elite, DoraBand.Low, DoraBand.Medium, DoraBand.High), web.Bands);
    }

    [Fact]
    public async Task A_service_without_deployments_has_no_bands_but_its_incidents_still_count_for_time_to_restore()
    {
        await SeedWebAsync();

        var rows = await _store.Dora.ForAsync(UptimeScope.Service, null, null, Window, DoraBenchmarks.Report2023, CancellationToken.None);
        var api = rows.Single(r => r.Name == "api");
        var idle = rows.Single(r => r.Name == "idle");

        Assert.Equal((0L, (double?)null, (double?)null), (api.Deployments, api.ChangeFailureRate, api.LeadTimeHours));
        Assert.Equal((1L, 0L, (double?)3), (api.Incidents, api.RecoveryCount, api.TimeToRestoreHours));
        Assert.Equal(new DoraBands(null, null, null, null, DoraBand.High), api.Bands);
        Assert.Equal(new DoraBands(null, null, null, null, null), idle.Bands);
        Assert.Equal(0, idle.DeploymentFrequency);
    }

    [Fact]
    public async Task The_2021_benchmarks_grade_the_same_figures_with_their_own_bands()
    {
        await SeedWebAsync();

        var web = (await _store.Dora.ForAsync(UptimeScope.Service, "web", null, Window, DoraBenchmarks.Report2021, CancellationToken.None)).Single();

        // frequency: 6 days a month → high (≥ 1 a month); lead time 3h → high (< 1 week, not < 1h); CFR 43 % → low (> 30 %).
        Assert.Equal(new DoraBands(DoraBand.High, DoraBand.High, DoraBand.Low, DoraBand.Medium, DoraBand.High), web.Bands);
    }

    [Fact]
    public async Task Teams_and_the_org_take_medians_over_all_their_services_events_and_a_team_limit_hides_other_teams()
    {
        await SeedWebAsync();
        await _store.DeployAsync("idle", "i1", Day(23, 10), Day(23, 8));

        var teams = await _store.Dora.ForAsync(UptimeScope.Team, null, null, Window, DoraBenchmarks.Report2023, CancellationToken.None);
        var org = (await _store.Dora.ForAsync(UptimeScope.Org, null, null, Window, DoraBenchmarks.Report2023, CancellationToken.None)).Single();
        var opsOnly = await _store.Dora.ForAsync(UptimeScope.Org, null, "ops", Window, DoraBenchmarks.Report2023, CancellationToken.None);

        Assert.Equal(["ops", "shop"], teams.Select(t => t.Name));
        Assert.Equal((2L, 7L, 5L), (teams[1].Services, teams[1].Deployments, teams[1].Incidents));
        Assert.Equal((1L, 1L, 2.0), (teams[0].Deployments, teams[0].DeploymentDays, teams[0].LeadTimeHours));
        Assert.Equal((DoraQuery.OrgName, 3L, 8L, 7L), (org.Name, org.Services, org.Deployments, org.DeploymentDays));
        Assert.Equal(1, org.DeploymentFrequency);             // weeks [3, 1, 2, 1] → 1
        Assert.Equal(3, org.LeadTimeHours);                   // [1, 2, 2, 3, 10, 24, 48] → index 3
        Assert.Equal(1L, Assert.Single(opsOnly).Deployments);
    }

    [Fact]
    public async Task An_outage_detected_from_probe_metrics_links_to_the_deployment_that_finished_before_it()
    {
        await _store.Uptime.CatalogAsync("db", "data");
        await _store.DeployAsync("db", "db-1", Day(12, 9), Day(12, 8));
        // probe_success every minute from 10:00: 30 minutes down, then up.
        await _store.Uptime.ProbeAsync("db", Day(12, 10), TimeSpan.FromMinutes(1), [.. UptimeStore.Downs(30), .. UptimeStore.Ups(30)]);

        var db = (await _store.Dora.ForAsync(UptimeScope.Service, "db", null, Window, DoraBenchmarks.Report2023, CancellationToken.None)).Single();

        Assert.Equal((1L, 1L, 1.0), (db.Deployments, db.FailedDeployments, db.ChangeFailureRate));
        Assert.Equal(1.5, db.FailedDeploymentRecoveryHours);  // deployed 09:00, restored 10:30
        Assert.Equal(0.5, db.TimeToRestoreHours);
        Assert.Equal(1, db.LeadTimeHours);
    }

    [Fact]
    public async Task A_first_commit_time_with_an_offset_is_read_as_the_utc_instant()
    {
        await _store.EventAsync("x1", "web", Day(3, 12), "deployment", outcome: "success", environment: "Production",
            labels: new Dictionary<string, string> { ["first_commit_at"] = "2024-09-03T11:00:00+02:00" });

        var web = (await _store.Dora.ForAsync(UptimeScope.Service, "web", null, Window, DoraBenchmarks.Report2023, CancellationToken.None)).Single();

        Assert.Equal((1L, 3.0), (web.Deployments, web.LeadTimeHours));   // 09:00Z → 12:00Z; "Production" matches case-insensitively
    }

    /// <summary>
    /// Two incident records of one service that overlap are two incidents, as DevLake counts them (one per incident
    /// record): both in time to restore and in recovery; the deployment they follow is one failed deployment.
    /// </summary>
    [Fact]
    public async Task Overlapping_incident_records_of_one_service_count_one_by_one_as_in_devlake()
    {
        await _store.Uptime.CatalogAsync("web", "shop");
        await _store.DeployAsync("web", "d1", Day(4, 10), Day(4, 9));
        await _store.Uptime.IncidentEventAsync("INC-A", "web", Day(4, 12), Day(4, 14));
        await _store.Uptime.IncidentEventAsync("INC-B", "web", Day(4, 13), Day(4, 16));

        var web = (await _store.Dora.ForAsync(UptimeScope.Service, "web", null, Window, DoraBenchmarks.Report2023, CancellationToken.None)).Single();

        Assert.Equal((2L, 2L, 1L, 2L), (web.Incidents, web.RestoreCount, web.FailedDeployments, web.RecoveryCount));
        Assert.Equal(2, web.TimeToRestoreHours);              // [2h, 3h] → lower middle 2h
        Assert.Equal(4, web.FailedDeploymentRecoveryHours);   // deployed 10:00, restored 14:00 and 16:00 → [4h, 6h] → 4h
    }
}
