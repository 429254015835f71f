using System.Net;
using System.Text.Json;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// The idle-resource API over the shared demo's data (2 days ending 2026-01-09) with one-day rule windows
/// (<c>Insights:Idle</c> set by <see cref="ServerFixture"/>): envelope, filters, team scoping, paging, ETag, evidence.
/// </summary>
public sealed class IdleApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Secured => fixture.Secured;

    private async Task<JsonElement> GetObjectAsync(string path, string token)
    {
        using var response = await Secured.GetAsync(path, token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }

    private static List<JsonElement> Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task Findings_list_every_resource_with_savings_and_a_team_token_sees_only_its_team()
    {
        var all = await GetObjectAsync("/api/v1/idle-resources?limit=1000", ServerFixture.ReadToken);
        var mine = await GetObjectAsync("/api/v1/idle-resources?limit=1000", ServerFixture.TeamToken);
        var idle = await GetObjectAsync("/api/v1/idle-resources?state=idle&limit=1000", ServerFixture.ReadToken);
        using var other = await Secured.GetAsync($"/api/v1/idle-resources?team={fixture.OtherTeam}", ServerFixture.TeamToken);

        Assert.Equal(fixture.Demo.Manifest.Resources.Count, all.GetProperty("total").GetInt32());
        Assert.Equal("2026-01-10T00:00:00Z", all.GetProperty("asOf").GetString());
        var expectedIdle = fixture.Demo.Manifest.Resources.Where(r => r.Profile == Demo.DemoResourceProfile.Idle && r.Type != "volume").Select(r => r.Id).Order(StringComparer.Ordinal);
        Assert.Equal(expectedIdle, Items(idle).Select(f => f.GetProperty("resourceId").GetString()).Order(StringComparer.Ordinal));
        Assert.All(Items(idle), f =>
        {
            Assert.Equal("idle", f.GetProperty("state").GetString());
            Assert.True(f.GetProperty("actionable").GetBoolean());
            Assert.True(f.GetProperty("monthlySavings").GetDecimal() > 0);
            Assert.StartsWith("idl_", f.GetProperty("id").GetString(), StringComparison.Ordinal);
        });
        Assert.NotEmpty(Items(mine));
        Assert.All(Items(mine), f => Assert.Equal(fixture.Team, f.GetProperty("team").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        var savings = Items(all).Select(f => f.GetProperty("monthlySavings")).ToList();
        var known = savings.TakeWhile(s => s.ValueKind == JsonValueKind.Number).Select(s => s.GetDecimal()).ToList();
        Assert.Equal(known.OrderDescending(), known);                                                 // savings first, largest first
        Assert.All(savings.Skip(known.Count), s => Assert.Equal(JsonValueKind.Null, s.ValueKind));
    }

    [Fact]
    public async Task Pages_follow_the_cursor_without_repeats_and_the_etag_answers_304()
    {
        var whole = Items(await GetObjectAsync("/api/v1/idle-resources?limit=1000", ServerFixture.ReadToken)).Select(f => f.GetProperty("id").GetString()).ToList();
        var paged = new List<string?>();
        string? cursor = null;
        do
        {
            var page = await GetObjectAsync("/api/v1/idle-resources?limit=3" + (cursor is null ? "" : "&cursor=" + cursor), ServerFixture.ReadToken);
            paged.AddRange(Items(page).Select(f => f.GetProperty("id").GetString()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal(whole, paged);

        using var first = await Secured.GetAsync("/api/v1/idle-resources?limit=3", ServerFixture.ReadToken);
        var etag = first.Headers.ETag!.Tag;
        using var request = Secured.Request(HttpMethod.Get, "/api/v1/idle-resources?limit=3", ServerFixture.ReadToken);
        request.Headers.IfNoneMatch.ParseAdd(etag);
        using var again = await Secured.Http.SendAsync(request);
        using var otherPage = await Secured.GetAsync("/api/v1/idle-resources?limit=2", ServerFixture.ReadToken);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.NotEqual(etag, otherPage.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task One_finding_carries_its_evidence_and_bad_parameters_are_400()
    {
        var idle = Items(await GetObjectAsync("/api/v1/idle-resources?state=idle&limit=1", ServerFixture.ReadToken));
        var listed = Assert.Single(idle);
        var id = listed.GetProperty("id").GetString();
        var finding = await GetObjectAsync($"/api/v1/idle-resources/{id}", ServerFixture.ReadToken);
        using var missing = await Secured.GetAsync("/api/v1/idle-resources/idl_00000000000000000000", ServerFixture.ReadToken);
        var bad = new[] { "state=sleepy", "type=spaceship", "limit=0", "limit=5000", "minMonthlySavings=lots", "cursor=nonsense" };

        Assert.Equal(listed.GetRawText(), finding.GetRawText());
        Assert.Equal("2026-01-09T00:00:00Z", finding.GetProperty("windowStart").GetString());                 // the one-day window
        Assert.StartsWith("1-", finding.GetProperty("ruleVersion").GetString(), StringComparison.Ordinal);
        var stats = finding.GetProperty("statistics").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.True(stats.Count >= 2, "coverage and the rule's statistics");
        Assert.All(stats.Values, s => Assert.Equal(JsonValueKind.Number, s.GetProperty("threshold").ValueKind));
        Assert.True(stats["coverage"].GetProperty("passed").GetBoolean());
        Assert.Contains(stats.Values, s => s.GetProperty("name").GetString() != "coverage" && s.GetProperty("passed").GetBoolean() && s.GetProperty("value").ValueKind == JsonValueKind.Number);
        Assert.True(finding.GetProperty("billing").GetProperty("rows").GetInt64() > 0);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        foreach (var query in bad)
        {
            using var response = await Secured.GetAsync("/api/v1/idle-resources?" + query, ServerFixture.ReadToken);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, query);
        }
    }
}
