using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// The team scope beyond <see cref="SecurityTeamTests"/>: a team token naming another team or its service in a query
/// parameter, cost answers whose rows name no team (their totals must be the team's share), and the contents of a team
/// report and every download form (pdf, csv tables, a path in the table name, format case) of a report not the team's. Each check first shows the org-wide read token gets the
/// other team's data, so a leak would be visible.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SecurityTeamScopeTests(SecurityFixture fixture)
{
    private const string Window = "window=7d&to=2026-01-11";

    /// <summary>Cost answers grouped by something other than team or service: totals, not names, show a leak.</summary>
    public static TheoryData<string> UngroupedCostEndpoints() =>
    [
        "/api/v1/cost/trend?every=day",
        "/api/v1/cost?groupBy=account",
        "/api/v1/cost?groupBy=region",
        "/api/v1/cost?groupBy=cloud-service",
        "/api/v1/cost?groupBy=env",
    ];

    [Theory]
    [MemberData(nameof(UngroupedCostEndpoints))]
    public async Task A_team_tokens_cost_totals_by_account_region_or_day_are_its_teams_share(string path)
    {
        var org = Billed(await BodyAsync(path, SecurityFixture.Reader));
        var team = Billed(await BodyAsync(path, SecurityFixture.TeamReader));

        Assert.True(org > 0, $"{path}: the read token's billed total is 0, so this endpoint cannot show a leak");
        Assert.True(team < org, $"{path}: the {fixture.Team} token sees {team} billed, the org's whole {org}");
    }

    [Fact]
    public async Task A_team_token_naming_another_team_or_its_service_in_a_parameter_is_refused_or_sees_none_of_it()
    {
        var other = Uri.EscapeDataString(fixture.OtherTeam);
        var service = Uri.EscapeDataString(fixture.Demo.Manifest.Services.First(s => s.Team == fixture.OtherTeam).Name);
        string[] paths =
        [
            $"/api/v1/catalog/services?team={other}",
            $"/api/v1/idle-resources?team={other}",
            $"/api/v1/kpi/uptime?scope=team&name={other}&{Window}",
            $"/api/v1/kpi/uptime?scope=service&name={service}&{Window}",
            $"/api/v1/kpi/dora?scope=team&name={other}&{Window}",
            $"/api/v1/kpi/dora?scope=service&name={service}&{Window}",
            $"/api/v1/kpi/productivity?scope=team&name={other}&{Window}",
        ];
        var failures = new List<string>();
        foreach (var path in paths)
        {
            var org = await BodyAsync(path, SecurityFixture.Reader);
            if (!NamesOf(fixture.OtherTeam).Any(n => Mentions(org, n)))
            {
                failures.Add($"{path}: the read token's answer names nothing of {fixture.OtherTeam}, so it cannot show a leak");
                continue;
            }
            using var response = await fixture.Server.GetAsync(path, SecurityFixture.TeamReader);
            var body = await response.Content.ReadAsStringAsync();
            var leaked = NamesOf(fixture.OtherTeam).Where(n => Mentions(body, n)).ToList();
            if (response.StatusCode != HttpStatusCode.Forbidden && (response.StatusCode != HttpStatusCode.OK || leaked.Count > 0))
            {
                failures.Add($"{path}: {(int)response.StatusCode}, sees {string.Join(", ", leaked)}: {Cut(body)}");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task A_team_report_names_no_other_team_and_an_org_report_is_refused_in_every_download_form()
    {
        var mine = await GenerateAsync(fixture.Team);
        // The demo's org-wide reports are not the team's: the same check as another team's report (record.Team != token's).
        using var list = JsonDocument.Parse(await BodyAsync("/api/v1/reports", SecurityFixture.Reader));
        var theirs = list.RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()!).First(id => id.StartsWith("weekly-", StringComparison.Ordinal));
        var org = await BodyAsync($"/api/v1/reports/{theirs}/json", SecurityFixture.Reader);
        Assert.True(Mentions(org, fixture.OtherTeam), $"{theirs} names no {fixture.OtherTeam}, so a team report could not show a leak");

        foreach (var format in new[] { "json", "md", "html", "csv" })
        {
            var body = await BodyAsync($"/api/v1/reports/{mine}/{format}", SecurityFixture.TeamReader);
            var leaked = NamesOf(fixture.OtherTeam).Where(n => Mentions(body, n)).ToList();
            Assert.True(leaked.Count == 0, $"{mine}/{format} names {string.Join(", ", leaked)}");
        }
        foreach (var path in new[] { "json", "md", "html", "csv", "pdf", "csv?table=cost-by-team", "csv?table=../../reports", "JSON" }.Select(f => $"/api/v1/reports/{theirs}/{f}"))
        {
            using var response = await fixture.Server.GetAsync(path, SecurityFixture.TeamReader);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path}: {(int)response.StatusCode}");
            Assert.DoesNotContain(fixture.Demo.Manifest.Services.First(s => s.Team == fixture.OtherTeam).Name, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private async Task<string> GenerateAsync(string team)
    {
        using var request = fixture.Server.Request(HttpMethod.Post, "/api/v1/reports", SecurityFixture.Admin);
        request.Content = JsonContent.Create(new { kind = "team", period = "2026-W02", team, formats = "html,md,json,csv" });
        using var response = await fixture.Server.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"generate {team}: {(int)response.StatusCode} {Cut(body)}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("id").GetString()!;
    }

    private IEnumerable<string> NamesOf(string team) => [team, .. fixture.Demo.Manifest.Services.Where(s => s.Team == team).Select(s => s.Name)];

    // The name as a whole word: "web" is not found inside "web-api".
    private static bool Mentions(string text, string name) => Regex.IsMatch(text, $"(?<![\\w-]){Regex.Escape(name)}(?![\\w-])");

    private static decimal Billed(string body) => JsonDocument.Parse(body).RootElement.EnumerateArray().Sum(row => row.GetProperty("billedCost").GetDecimal());

    private Task<string> BodyAsync(string path, string token) => fixture.OkBodyAsync(path, token);

    private static string Cut(string body) => SecurityFixture.Cut(body);
}
