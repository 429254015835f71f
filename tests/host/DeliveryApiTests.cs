using System.Net;
using System.Text.Json;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>The delivery endpoints (<c>/api/v1/kpi/dora</c>, <c>/api/v1/kpi/productivity</c>) over the shared demo's data: shapes, team scoping, bad input.</summary>
public sealed class DeliveryApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Secured => fixture.Secured;

    private Task<List<JsonElement>> GetArrayAsync(string path, string token) => Secured.GetArrayAsync(path, token);

    [Fact]
    public async Task Dora_answers_per_scope_with_bands_and_a_team_token_sees_only_its_team()
    {
        var teams = await GetArrayAsync("/api/v1/kpi/dora?scope=team&window=7d&bands=2021", ServerFixture.ReadToken);
        var mine = await GetArrayAsync("/api/v1/kpi/dora?scope=service", ServerFixture.TeamToken);
        var other = await GetArrayAsync($"/api/v1/kpi/dora?scope=team&name={fixture.OtherTeam}", ServerFixture.TeamToken);
        var org = Assert.Single(await GetArrayAsync("/api/v1/kpi/dora", ServerFixture.ReadToken));
        var myOrg = Assert.Single(await GetArrayAsync("/api/v1/kpi/dora", ServerFixture.TeamToken));
        using var badBands = await Secured.GetAsync("/api/v1/kpi/dora?bands=2019", ServerFixture.ReadToken);
        using var badScope = await Secured.GetAsync("/api/v1/kpi/dora?scope=galaxy", ServerFixture.ReadToken);
        using var anonymous = await Secured.GetAsync("/api/v1/kpi/dora");

        Assert.Equal(new[] { fixture.Team, fixture.OtherTeam }.Order(StringComparer.Ordinal), teams.Select(t => t.GetProperty("name").GetString()));
        Assert.All(teams, t => Assert.Equal("2021", t.GetProperty("benchmarks").GetString()));
        // As of the minute after the last stored event (the demo's data ends before now), not the wall clock.
        Assert.All(teams, t => Assert.InRange(t.GetProperty("to").GetDateTime(), new DateTime(2026, 1, 9, 12, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 10, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(JsonValueKind.Object, org.GetProperty("doraBand").ValueKind);
        Assert.True(org.GetProperty("deployments").GetInt64() > myOrg.GetProperty("deployments").GetInt64());
        Assert.NotEmpty(mine);
        Assert.All(mine, s => Assert.Equal(fixture.Team, s.GetProperty("team").GetString()));
        Assert.Empty(other);
        Assert.Equal(HttpStatusCode.BadRequest, badBands.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badScope.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Productivity_answers_ci_setup_and_adoption_figures_and_is_team_scoped()
    {
        var org = Assert.Single(await GetArrayAsync("/api/v1/kpi/productivity", ServerFixture.ReadToken));
        var mine = await GetArrayAsync("/api/v1/kpi/productivity?scope=service", ServerFixture.TeamToken);
        using var bad = await Secured.GetAsync("/api/v1/kpi/productivity?from=yesterday", ServerFixture.ReadToken);

        foreach (var key in new[] { "builds", "buildSuccessRate", "buildsPerDay", "buildP50Minutes", "buildP95Minutes", "cycleTimeHours", "setupP50Minutes",
                     "setupP95Minutes", "selfServiceShare", "serviceAdoption", "teamAdoption", "errorLogShare", "baselineFrom" })
        {
            Assert.True(org.TryGetProperty(key, out _), key);
        }
        Assert.Equal(fixture.Demo.Manifest.Services.Count, org.GetProperty("services").GetInt64());
        Assert.True(org.GetProperty("builds").GetInt64() > 0);
        Assert.NotEmpty(mine);
        Assert.All(mine, s => Assert.Equal(fixture.Team, s.GetProperty("team").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
