using System.Net;
using System.Text.Json;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>The uptime endpoints over the shared demo's data (2 days ending 2026-01-09): shapes, team scoping, bad input.</summary>
public sealed class UptimeApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Secured => fixture.Secured;

    private Task<List<JsonElement>> GetArrayAsync(string path, string token) => Secured.GetArrayAsync(path, token);

    [Fact]
    public async Task Utilisation_rolls_up_per_resource_and_a_team_token_sees_only_its_team()
    {
        var daily = await GetArrayAsync("/api/v1/utilisation", ServerFixture.ReadToken);
        var hourly = await GetArrayAsync("/api/v1/utilisation?every=hour", ServerFixture.ReadToken);
        var mine = await GetArrayAsync("/api/v1/utilisation", ServerFixture.TeamToken);
        using var bad = await Secured.GetAsync("/api/v1/utilisation?every=fortnight", ServerFixture.ReadToken);

        Assert.NotEmpty(daily);
        Assert.True(hourly.Count > daily.Count);
        Assert.All(daily, r =>
        {
            Assert.True(r.GetProperty("avg").GetDouble() <= r.GetProperty("p95").GetDouble() + 1e-9);
            Assert.True(r.GetProperty("p95").GetDouble() <= r.GetProperty("max").GetDouble() + 1e-9);
            Assert.InRange(r.GetProperty("coverage").GetDouble(), 0.0, 1.0);
        });
        Assert.NotEmpty(mine);
        Assert.All(mine, r => Assert.Equal(fixture.Team, r.GetProperty("team").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Uptime_kpis_answer_per_scope_and_a_team_token_sees_only_its_team()
    {
        var teams = await GetArrayAsync("/api/v1/kpi/uptime?scope=team&window=7d", ServerFixture.ReadToken);
        var mine = await GetArrayAsync("/api/v1/kpi/uptime?scope=service", ServerFixture.TeamToken);
        var other = await GetArrayAsync($"/api/v1/kpi/uptime?scope=team&name={fixture.OtherTeam}", ServerFixture.TeamToken);
        var org = await GetArrayAsync("/api/v1/kpi/uptime", ServerFixture.ReadToken);

        Assert.Equal(new[] { fixture.Team, fixture.OtherTeam }.Order(StringComparer.Ordinal), teams.Select(t => t.GetProperty("name").GetString()));
        Assert.All(teams, t => Assert.InRange(t.GetProperty("availability").GetDouble(), 0.9, 1.0));
        Assert.All(teams, t => Assert.Equal("2026-01-10T00:00:00Z", t.GetProperty("to").GetString()));
        foreach (var key in new[] { "scope", "name", "team", "availability", "coverage", "sloTarget", "errorBudgetRemaining", "burnRate", "incidents", "mttrMinutes", "medianRecoveryMinutes", "recoveredWithin5MinShare", "alert" })
        {
            Assert.True(org[0].TryGetProperty(key, out _), key);
        }
        Assert.NotEmpty(mine);
        Assert.All(mine, s => Assert.Equal(fixture.Team, s.GetProperty("team").GetString()));
        Assert.Empty(other);
    }

    [Fact]
    public async Task Incidents_are_team_scoped_and_bad_parameters_are_400()
    {
        var all = await GetArrayAsync("/api/v1/incidents?from=2026-01-01", ServerFixture.ReadToken);
        var mine = await GetArrayAsync("/api/v1/incidents?from=2026-01-01", ServerFixture.TeamToken);
        using var badScope = await Secured.GetAsync("/api/v1/kpi/uptime?scope=galaxy", ServerFixture.ReadToken);
        using var badWindow = await Secured.GetAsync("/api/v1/kpi/uptime?window=fortnight", ServerFixture.ReadToken);
        using var badTime = await Secured.GetAsync("/api/v1/incidents?from=yesterday", ServerFixture.ReadToken);

        Assert.Equal(fixture.Demo.Manifest.Incidents.Count, all.Count);
        Assert.All(mine, i => Assert.Equal(fixture.Team, i.GetProperty("team").GetString()));
        Assert.Equal(fixture.Demo.Manifest.Incidents.Count(i => fixture.Demo.Manifest.Services.Single(s => s.Name == i.Service).Team == fixture.Team), mine.Count);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (badScope.StatusCode, badWindow.StatusCode, badTime.StatusCode));
    }

    [Fact]
    public async Task Uptime_answers_state_their_age_and_whether_they_are_a_stale_snapshot_in_headers()
    {
        using var kpis = await Secured.GetAsync("/api/v1/kpi/uptime?scope=service&window=1d", ServerFixture.ReadToken);
        using var incidents = await Secured.GetAsync("/api/v1/incidents?from=2026-01-02", ServerFixture.ReadToken);

        foreach (var response in new[] { kpis, incidents })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotNull(response.Headers.Age);
            Assert.InRange(response.Headers.Age.Value, TimeSpan.Zero, TimeSpan.FromMinutes(10));
            Assert.Equal("false", Assert.Single(response.Headers.GetValues("Insights-Stale"))); // the fixture's store is not being written
        }
    }
}
