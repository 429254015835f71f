using System.Net;
using System.Text.Json;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// A team-limited token sees only its team in every endpoint that returns data: for each one, the org-wide read
/// token's answer names the other team (or its services), so the data is there to leak, and the team token's
/// answer names neither. Exports count: the report list and each report's files (JSON, CSV, HTML) the same way.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SecurityTeamTests(SecurityFixture fixture)
{
    public static TheoryData<string> DataEndpoints() =>
    [
        "/api/v1/catalog/services",
        "/api/v1/catalog/teams",
        "/api/v1/cost?groupBy=team",
        "/api/v1/cost?groupBy=service",
        "/api/v1/cost/trend?every=day&groupBy=team",
        "/api/v1/cost/trend?every=day&groupBy=service",
        "/api/v1/cost/forecast?groupBy=team",
        "/api/v1/cost/forecast?groupBy=service",
        "/api/v1/budgets",
        "/api/v1/kpi/uptime?scope=service&window=7d&to=2026-01-11",
        "/api/v1/kpi/uptime?scope=team&window=7d&to=2026-01-11",
        "/api/v1/kpi/dora?scope=service&window=7d&to=2026-01-11",
        "/api/v1/kpi/dora?scope=team&window=7d&to=2026-01-11",
        "/api/v1/kpi/productivity?scope=team&window=7d&to=2026-01-11",
        "/api/v1/incidents?from=2026-01-01&to=2026-01-11",
        "/api/v1/utilisation?every=day&from=2026-01-08&to=2026-01-11",
        "/api/v1/idle-resources",
        "/api/v1/cost/unit?from=2026-01-01&to=2026-01-11",
    ];

    /// <summary>Cost endpoints whose rows name no team (per currency, per account): the team token's totals must be its share, not the org's.</summary>
    public static TheoryData<string, string> TotalledEndpoints() => new()
    {
        { "/api/v1/cost/commitments?from=2026-01-01&to=2026-01-11", "computeCost" },
        { "/api/v1/cost/hygiene?from=2026-01-01&to=2026-01-11", "cost" },
    };

    [Theory]
    [MemberData(nameof(TotalledEndpoints))]
    public async Task A_team_tokens_cost_totals_are_its_teams_share_not_the_orgs(string path, string property)
    {
        var org = Total(await BodyAsync(path, SecurityFixture.Reader), property);
        var team = Total(await BodyAsync(path, SecurityFixture.TeamReader), property);

        Assert.True(org > 0, $"{path}: the read token's {property} total is 0, so this endpoint cannot show a leak");
        Assert.True(team < org, $"{path}: the {fixture.Team} token sees {team} of {property}, the org's whole {org}");
    }

    [Fact]
    public async Task A_team_token_cannot_open_another_teams_service_team_or_idle_finding()
    {
        var service = fixture.Demo.Manifest.Services.First(s => s.Team == fixture.OtherTeam).Name;
        using var findings = JsonDocument.Parse(await BodyAsync("/api/v1/idle-resources?limit=1000", SecurityFixture.Reader));
        var finding = findings.RootElement.GetProperty("items").EnumerateArray()
            .First(f => f.GetProperty("team").GetString() == fixture.OtherTeam).GetProperty("id").GetString()!;
        foreach (var path in new[] { $"/api/v1/services/{service}", $"/api/v1/teams/{fixture.OtherTeam}", $"/api/v1/idle-resources/{finding}" })
        {
            await BodyAsync(path, SecurityFixture.Reader);
            using var response = await fixture.Server.GetAsync(path, SecurityFixture.TeamReader);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path}: {(int)response.StatusCode} {Cut(body)}");
            Assert.DoesNotContain($"\"{service}\"", body, StringComparison.Ordinal);
        }
    }

    private static decimal Total(string body, string property) =>
        JsonDocument.Parse(body).RootElement.EnumerateArray().Sum(row => row.GetProperty(property).GetDecimal());

    [Theory]
    [MemberData(nameof(DataEndpoints))]
    public async Task A_team_token_sees_nothing_of_another_team(string path)
    {
        var org = await BodyAsync(path, SecurityFixture.Reader);
        var team = await BodyAsync(path, SecurityFixture.TeamReader);

        Assert.True(Names(fixture.OtherTeam).Any(n => org.Contains(n, StringComparison.Ordinal)), $"{path}: the read token's answer names nothing of {fixture.OtherTeam}, so this endpoint cannot show a leak:\n{Cut(org)}");
        var leaked = Names(fixture.OtherTeam).Where(n => team.Contains(n, StringComparison.Ordinal)).ToList();
        Assert.True(leaked.Count == 0, $"{path}: the {fixture.Team} token sees {string.Join(", ", leaked)}:\n{Cut(team)}");
    }

    [Fact]
    public async Task A_team_token_lists_and_opens_only_its_teams_reports()
    {
        var all = JsonDocument.Parse(await BodyAsync("/api/v1/reports", SecurityFixture.Reader)).RootElement.EnumerateArray().ToList();
        var mine = JsonDocument.Parse(await BodyAsync("/api/v1/reports", SecurityFixture.TeamReader)).RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(all);
        Assert.True(mine.Count < all.Count, "the team token lists every report");

        var visible = mine.Select(r => r.GetProperty("id").GetString()!).ToHashSet();
        foreach (var id in all.Select(r => r.GetProperty("id").GetString()!).Where(id => !visible.Contains(id)))
        {
            foreach (var format in new[] { "json", "csv", "html", "md" })
            {
                using var response = await fixture.Server.GetAsync($"/api/v1/reports/{id}/{format}", SecurityFixture.TeamReader);
                Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{id}/{format}: {(int)response.StatusCode}");
            }
        }
    }

    private IEnumerable<string> Names(string team) =>
        [$"\"{team}\"", .. fixture.Demo.Manifest.Services.Where(s => s.Team == team).Select(s => $"\"{s.Name}\"")];

    private Task<string> BodyAsync(string path, string token) => fixture.OkBodyAsync(path, token);

    private static string Cut(string body) => SecurityFixture.Cut(body);
}
