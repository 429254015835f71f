using System.Net;
using System.Text.Json;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>The cost KPI endpoints over the shared demo's data (2 days ending 2026-01-09): shapes, team scoping, bad input.</summary>
public sealed class CostApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Secured => fixture.Secured;

    private Task<List<JsonElement>> GetArrayAsync(string path, string token) => Secured.GetArrayAsync(path, token);

    [Fact]
    public async Task Budgets_show_status_and_a_team_token_sees_only_its_team()
    {
        var all = await GetArrayAsync("/api/v1/budgets", ServerFixture.ReadToken);
        var mine = await GetArrayAsync("/api/v1/budgets", ServerFixture.TeamToken);

        Assert.Equal([(fixture.Team, "over"), (fixture.OtherTeam, "on track")], all.Select(b => (b.GetProperty("name").GetString(), b.GetProperty("status").GetString())));
        Assert.All(all, b => Assert.Equal("2026-01-09", b.GetProperty("asOf").GetString()));
        Assert.All(all, b => Assert.Equal("effective", b.GetProperty("basis").GetString()));
        Assert.Equal([fixture.Team], mine.Select(b => b.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Forecast_is_as_of_the_last_day_with_data_and_team_scoped()
    {
        var teams = await GetArrayAsync("/api/v1/cost/forecast?groupBy=team", ServerFixture.ReadToken);
        var mine = await GetArrayAsync("/api/v1/cost/forecast?groupBy=team", ServerFixture.TeamToken);
        var overall = await GetArrayAsync("/api/v1/cost/forecast?cost=billed", ServerFixture.ReadToken);

        Assert.Contains(teams, r => r.GetProperty("group").GetString() == fixture.OtherTeam);
        Assert.All(teams, r => Assert.Equal("2026-01-09", r.GetProperty("asOf").GetString()));
        Assert.All(teams, r => Assert.True(r.GetProperty("low").GetDecimal() <= r.GetProperty("forecast").GetDecimal() && r.GetProperty("forecast").GetDecimal() <= r.GetProperty("high").GetDecimal()));
        Assert.Equal([fixture.Team], mine.Select(r => r.GetProperty("group").GetString()));
        Assert.Equal("(all)", Assert.Single(overall).GetProperty("group").GetString());
        Assert.Equal(22, overall[0].GetProperty("remainingDays").GetInt32());
    }

    [Fact]
    public async Task Commitments_unit_cost_and_hygiene_answer_and_a_team_token_sees_only_its_services()
    {
        var commitments = await GetArrayAsync("/api/v1/cost/commitments", ServerFixture.ReadToken);
        var unitCost = await GetArrayAsync("/api/v1/cost/unit", ServerFixture.ReadToken);
        var mine = await GetArrayAsync("/api/v1/cost/unit", ServerFixture.TeamToken);
        var hygiene = await GetArrayAsync("/api/v1/cost/hygiene?cost=billed", ServerFixture.ReadToken);
        using var badRange = await Secured.GetAsync("/api/v1/cost/commitments?from=yesterday", ServerFixture.ReadToken);

        Assert.Equal("USD", Assert.Single(commitments).GetProperty("currency").GetString());
        Assert.Contains(unitCost, u => u.GetProperty("requests").ValueKind == JsonValueKind.Number);
        Assert.True(mine.Count < unitCost.Count);
        Assert.Equal(fixture.Demo.Manifest.Billing.BilledCost, hygiene.Sum(h => h.GetProperty("cost").GetDecimal()));
        Assert.Equal(HttpStatusCode.BadRequest, badRange.StatusCode);
    }

    [Fact]
    public async Task Trend_adds_up_to_the_billed_total_and_a_team_token_sees_only_its_rows()
    {
        var days = await GetArrayAsync("/api/v1/cost/trend?every=day", ServerFixture.ReadToken);
        var mine = await GetArrayAsync("/api/v1/cost/trend?every=month&groupBy=team", ServerFixture.TeamToken);

        Assert.Equal(["2026-01-08", "2026-01-09"], days.Select(d => d.GetProperty("period").GetString()));
        Assert.Equal(fixture.Demo.Manifest.Billing.BilledCost, days.Sum(d => d.GetProperty("billedCost").GetDecimal()));
        Assert.All(mine, r => Assert.Equal(fixture.Team, r.GetProperty("group").GetString()));
        Assert.NotEmpty(mine);
    }

    [Fact]
    public async Task Anomalies_answer_a_list_and_bad_parameters_are_400()
    {
        var anomalies = await GetArrayAsync("/api/v1/cost/anomalies", ServerFixture.TeamToken);
        using var badEvery = await Secured.GetAsync("/api/v1/cost/trend?every=fortnight", ServerFixture.ReadToken);
        using var badCost = await Secured.GetAsync("/api/v1/cost/anomalies?cost=list", ServerFixture.ReadToken);
        using var badGroup = await Secured.GetAsync("/api/v1/cost/forecast?groupBy=planet", ServerFixture.ReadToken);

        // Two days of history are too few to judge a day against.
        Assert.Empty(anomalies);
        Assert.All(new[] { badEvery, badCost, badGroup }, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
    }
}
