using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Tests.Productivity;

/// <summary>The platform KPIs on hand-built events: window [Sep 15, Sep 29), baseline the 14 days before.</summary>
public sealed class ProductivityTests : IDisposable
{
    private static readonly DateTime Sep = new(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly UptimeWindow Window = new("custom", Sep.AddDays(14), Sep.AddDays(28));
    private readonly DeliveryStore _store = new(new ProductivityOptions { PlatformPipelines = ["platform"] });

    public void Dispose() => _store.Dispose();

    private static DateTime Day(int day, int hour = 12) => Sep.AddDays(day - 1).AddHours(hour);

    [Fact]
    public async Task Ci_health_is_p50_p95_success_rate_and_builds_per_day()
    {
        await _store.Uptime.CatalogAsync("web", "shop");
        for (var i = 1; i <= 10; i++)
        {
            await _store.BuildAsync("web", $"b{i}", Day(16), TimeSpan.FromMinutes(i), outcome: i <= 8 ? "success" : "failure");
        }
        await _store.BuildAsync("web", "b-old", Day(2), TimeSpan.FromMinutes(100));

        var web = (await _store.Productivity.ForAsync(UptimeScope.Service, "web", null, Window, CancellationToken.None)).Single();

        Assert.Equal((10L, 2L, 0.8), (web.Builds, web.BuildsFailed, web.BuildSuccessRate));
        Assert.Equal(10 / 14.0, web.BuildsPerDay, 12);
        Assert.Equal(5.5, web.BuildP50Minutes!.Value, 9);       // 1..10 minutes, interpolated
        Assert.Equal(9.55, web.BuildP95Minutes!.Value, 9);
    }

    [Fact]
    public async Task Cycle_time_and_setup_time_are_compared_with_the_baseline_and_self_service_is_a_share_of_provisioning()
    {
        await _store.Uptime.CatalogAsync("web", "shop");
        await _store.DeployAsync("web", "base1", Day(5), Day(5).AddHours(-10));
        await _store.DeployAsync("web", "base2", Day(6), Day(6).AddHours(-30));
        await _store.DeployAsync("web", "now1", Day(20), Day(20).AddHours(-4));
        await _store.DeployAsync("web", "now2", Day(21), Day(21).AddHours(-6));
        await _store.SetupAsync("web", "e0", Day(3), TimeSpan.FromMinutes(100), selfService: false);
        await _store.SetupAsync("web", "e1", Day(16), TimeSpan.FromMinutes(40), selfService: true);
        await _store.SetupAsync("web", "e2", Day(17), TimeSpan.FromMinutes(60), selfService: true, action: "environment-provisioning");
        await _store.SetupAsync("web", "e3", Day(18), TimeSpan.FromMinutes(80), selfService: false);

        var web = (await _store.Productivity.ForAsync(UptimeScope.Service, "web", null, Window, CancellationToken.None)).Single();

        Assert.Equal((Sep, Sep.AddDays(14)), (web.BaselineFrom, web.BaselineTo));
        Assert.Equal((2L, 4.0, 2L, 10.0), (web.CycleTimeCount, web.CycleTimeHours, web.BaselineCycleTimeCount, web.BaselineCycleTimeHours));
        Assert.Equal(-0.6, web.CycleTimeChange!.Value, 12);      // 4h vs 10h: 60 % faster, meets the 50 % target
        Assert.True(web.CycleTimeTargetMet);
        Assert.Equal((3L, 60.0, 100.0), (web.Setups, web.SetupP50Minutes!.Value, web.BaselineSetupP50Minutes!.Value));
        Assert.Equal(-0.4, web.SetupTimeChange!.Value, 12);
        Assert.True(web.SetupTimeTargetMet);
        Assert.Equal(2.0 / 3, web.SelfServiceShare!.Value, 12);
        Assert.False(web.SelfServiceTargetMet);
    }

    [Fact]
    public async Task Adoption_counts_catalog_services_and_teams_with_a_platform_production_deployment()
    {
        await _store.Uptime.CatalogAsync("web", "shop");
        await _store.Uptime.CatalogAsync("api", "shop");
        await _store.Uptime.CatalogAsync("db", "data");
        await _store.Uptime.CatalogAsync("etl", "data");
        await _store.DeployAsync("web", "w", Day(16), pipeline: "platform");
        await _store.DeployAsync("api", "a", Day(16), pipeline: "jenkins-legacy");
        await _store.DeployAsync("db", "d", Day(16), pipeline: "platform", environment: "staging");
        await _store.DeployAsync("etl", "e", Day(2), pipeline: "platform");

        var org = (await _store.Productivity.ForAsync(UptimeScope.Org, null, null, Window, CancellationToken.None)).Single();
        var teams = await _store.Productivity.ForAsync(UptimeScope.Team, null, null, Window, CancellationToken.None);

        Assert.Equal((4L, 1L, 0.25), (org.Services, org.AdoptedServices, org.ServiceAdoption));
        Assert.Equal((2L, 1L, 0.5), (org.Teams, org.AdoptedTeams, org.TeamAdoption));
        Assert.False(org.AdoptionTargetMet);
        Assert.Equal([("data", 0L), ("shop", 1L)], teams.Select(t => (t.Name, t.AdoptedServices)));
    }

    [Fact]
    public async Task Error_log_rate_counts_error_lines_among_log_lines_not_delivery_events()
    {
        await _store.Uptime.CatalogAsync("web", "shop");
        await _store.LogAsync("web", "l1", Day(16), "ERROR");
        await _store.LogAsync("web", "l2", Day(16), "warn");
        await _store.LogAsync("web", "l3", Day(17), "fatal");
        await _store.LogAsync("web", "l4", Day(17), "info");
        await _store.DeployAsync("web", "d", Day(16));

        var web = (await _store.Productivity.ForAsync(UptimeScope.Service, "web", null, Window, CancellationToken.None)).Single();

        Assert.Equal((4L, 2L, 0.5), (web.LogLines, web.ErrorLogs, web.ErrorLogShare));
        Assert.Equal(2 / (14 * 24.0), web.ErrorLogsPerHour, 12);
    }

    [Fact]
    public async Task A_deployment_resent_at_two_timestamps_counts_once_in_cycle_time_as_in_dora()
    {
        await _store.Uptime.CatalogAsync("web", "shop");
        // r1 re-sent a minute later; r2 first stored in the baseline, re-sent in the window: one deployment each, at the
        // latest finish (DevLake folds one deployment's copies the same way).
        await _store.DeployAsync("web", "r1", Day(20), Day(20).AddHours(-4));
        await _store.DeployAsync("web", "r1", Day(20).AddMinutes(1), Day(20).AddHours(-4));
        await _store.DeployAsync("web", "r2", Day(6), Day(6).AddHours(-10));
        await _store.DeployAsync("web", "r2", Day(22), Day(6).AddHours(-10));
        await _store.DeployAsync("web", "n1", Day(21), Day(21).AddHours(-6));
        await _store.DeployAsync("web", "b1", Day(5), Day(5).AddHours(-8));

        var web = (await _store.Productivity.ForAsync(UptimeScope.Service, "web", null, Window, CancellationToken.None)).Single();
        var dora = (await _store.Dora.ForAsync(UptimeScope.Service, "web", null, Window, DoraBenchmarks.Report2023, CancellationToken.None)).Single();

        Assert.Equal(3L, web.CycleTimeCount);                           // r1, r2 (at day 22), n1
        Assert.Equal(6.0, web.CycleTimeHours!.Value, 9);                // [4h 1m, 6h, 394h] → lower median 6h
        Assert.Equal((dora.LeadTimeCount, dora.LeadTimeHours), (web.CycleTimeCount, web.CycleTimeHours));
        Assert.Equal((1L, 8.0), (web.BaselineCycleTimeCount, web.BaselineCycleTimeHours));   // b1 only: r2's copy moved to day 22
    }
}
