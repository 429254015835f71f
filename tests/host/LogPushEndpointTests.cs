using System.Net;
using System.Text;
using System.Text.Json;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary><c>POST /api/v1/logs</c> on a real <c>insights serve</c>: per-line errors, replays, limits and scopes.</summary>
public sealed class LogPushEndpointTests(EventPushServer fixture) : IClassFixture<EventPushServer>
{
    [Fact]
    public async Task Good_lines_are_stored_and_bad_ones_reported_by_line_number_and_a_resent_body_stores_nothing_twice()
    {
        var body = string.Join('\n',
            """{"@timestamp":"2024-06-01T10:00:00Z","event":{"id":"push-1","action":"deployment","outcome":"success"},"service":{"name":"checkout","environment":"production"}}""",
            """{"@timestamp":"2024-06-01T10:01:00Z","log":{"level":"error"},"service.name":"push-svc","message":"boom"}""",
            "",
            """{"service":{"name":"push-svc"},"message":"no time"}""",
            """{"@timestamp":"2024-06-01T10:02:00Z", broken""",
            """{"@timestamp":"2024-06-01T10:03:00Z","event.id":"push-2","service.name":"push-other"}""");

        using var first = await fixture.PostAsync("/api/v1/logs", body, EventPushServer.IngestToken);
        using var again = await fixture.PostAsync("/api/v1/logs", body, EventPushServer.IngestToken);

        var text = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal((5, 3, 0, 2), (root.GetProperty("lines").GetInt32(), root.GetProperty("stored").GetInt32(), root.GetProperty("duplicates").GetInt32(), root.GetProperty("rejected").GetInt32()));
        var errors = root.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("error").GetString()!)).ToList();
        Assert.Equal([4, 5], errors.Select(e => e.Item1));
        Assert.Equal("missing @timestamp", errors[0].Item2);
        Assert.StartsWith("invalid JSON", errors[1].Item2, StringComparison.Ordinal);
        using var replay = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
        Assert.Equal((0, 3), (replay.RootElement.GetProperty("stored").GetInt32(), replay.RootElement.GetProperty("duplicates").GetInt32()));
        Assert.Equal(1, await fixture.CountAsync("service = 'checkout' AND event_id = 'push-1'"));
        Assert.Equal(1, await fixture.CountAsync("service = 'push-svc'"));
        Assert.Equal(1, await fixture.CountAsync("service = 'push-other' AND event_id = 'push-2'"));
    }

    [Fact]
    public async Task A_body_with_no_good_line_is_400_and_one_over_the_limit_is_413_with_nothing_stored()
    {
        using var bad = await fixture.PostAsync("/api/v1/logs", "not json\n{\"message\":\"x\"}", EventPushServer.IngestToken);
        var large = new StringBuilder();
        while (large.Length <= EventPushServer.MaxBodyBytes)
        {
            large.Append("""{"@timestamp":"2024-06-02T10:00:00Z","service.name":"push-large","message":"padding padding padding"}""").Append('\n');
        }
        using var tooLarge = await fixture.PostAsync("/api/v1/logs", large.ToString(), EventPushServer.IngestToken);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("Insights:Ingest:LogPush:MaxBodyBytes", await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await fixture.CountAsync("service = 'push-large'"));
    }

    [Fact]
    public async Task A_gzip_body_is_stored_like_the_plain_one_a_broken_one_is_400_and_a_bomb_is_413_on_its_decompressed_size()
    {
        var body = string.Join('\n',
            """{"@timestamp":"2024-06-04T10:00:00Z","event.id":"gz-1","service.name":"push-gzip","message":"compressed"}""",
            """{"@timestamp":"2024-06-04T10:01:00Z","event.id":"gz-2","service.name":"push-gzip","message":"compressed too"}""");
        var gzip = EventPushServer.Gzip(body);
        var bomb = new StringBuilder();
        while (bomb.Length <= 20 * EventPushServer.MaxBodyBytes)
        {
            bomb.Append("""{"@timestamp":"2024-06-04T11:00:00Z","service.name":"push-gzip-bomb","message":"padding"}""").Append('\n');
        }
        var compressedBomb = EventPushServer.Gzip(bomb.ToString());

        using var stored = await fixture.PostGzipAsync("/api/v1/logs", gzip, EventPushServer.IngestToken);
        using var replayedPlain = await fixture.PostAsync("/api/v1/logs", body, EventPushServer.IngestToken);
        using var broken = await fixture.PostGzipAsync("/api/v1/logs", gzip[..(gzip.Length - 12)], EventPushServer.IngestToken);
        using var tooLarge = await fixture.PostGzipAsync("/api/v1/logs", compressedBomb, EventPushServer.IngestToken);

        using var answer = JsonDocument.Parse(await stored.Content.ReadAsStringAsync());
        Assert.True(stored.StatusCode == HttpStatusCode.OK, answer.RootElement.ToString());
        Assert.Equal((2, 2), (answer.RootElement.GetProperty("lines").GetInt32(), answer.RootElement.GetProperty("stored").GetInt32()));
        using var replay = JsonDocument.Parse(await replayedPlain.Content.ReadAsStringAsync());
        Assert.Equal((0, 2), (replay.RootElement.GetProperty("stored").GetInt32(), replay.RootElement.GetProperty("duplicates").GetInt32()));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("not valid gzip", await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(compressedBomb.Length < EventPushServer.MaxBodyBytes, $"{compressedBomb.Length} bytes compressed");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("the decompressed body is over the limit of 4096 bytes (Insights:Ingest:LogPush:MaxBodyBytes)", await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await fixture.CountAsync("service = 'push-gzip'"));
        Assert.Equal(0, await fixture.CountAsync("service = 'push-gzip-bomb'"));
    }

    [Fact]
    public async Task A_team_bound_ingest_token_stores_its_teams_services_and_rejects_the_others_by_line()
    {
        var body = string.Join('\n',
            """{"@timestamp":"2024-06-04T10:00:00Z","event":{"id":"team-push-1","action":"incident","start":"2024-06-04T09:50:00Z"},"service":{"name":"checkout"}}""",
            """{"@timestamp":"2024-06-04T10:01:00Z","event":{"id":"team-push-2","action":"incident","start":"2024-06-04T09:50:00Z"},"service":{"name":"storefront"}}""",
            """{"@timestamp":"2024-06-04T10:02:00Z","event":{"id":"team-push-3"},"log":{"level":"error"},"service":{"name":"team-push-ghost"}}""",
            """{"@timestamp":"2024-06-04T10:03:00Z","event":{"id":"team-push-4"},"log":{"level":"error"},"service":{"name":"billing-api"}}""");

        using var team = await fixture.PostAsync("/api/v1/logs", body, EventPushServer.TeamIngestToken);

        var text = await team.Content.ReadAsStringAsync();
        Assert.True(team.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal((4, 2, 2), (root.GetProperty("lines").GetInt32(), root.GetProperty("stored").GetInt32(), root.GetProperty("rejected").GetInt32()));
        Assert.Equal(2, root.GetProperty("rejectedByReason").GetProperty("service_not_of_team").GetInt32());
        var errors = root.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("reason").GetString())).ToList();
        Assert.Equal([(2, "service_not_of_team"), (3, "service_not_of_team")], errors);
        Assert.Equal(0, await fixture.CountAsync("event_id = 'team-push-3'"));
        Assert.Equal(1, await fixture.CountAsync("event_id = 'team-push-1' AND service = 'checkout'"));
        Assert.Equal(1, await fixture.CountAsync("event_id = 'team-push-4' AND service = 'billing-api'"));
        Assert.Equal(0, await fixture.CountAsync("event_id IN ('team-push-2', 'team-push-3')"));
        using var scrape = await fixture.Server.GetAsync("/metrics");
        var dropped = System.Text.RegularExpressions.Regex.Match(await scrape.Content.ReadAsStringAsync(), "insights_ingest_dropped_total\\{kind=\"logs\",reason=\"service_not_of_team\"\\} (\\d+)");
        Assert.True(dropped.Success && int.Parse(dropped.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 2, "service_not_of_team is not counted");

        // The org-wide token writes every team's service and services outside the catalog.
        using var org = await fixture.PostAsync("/api/v1/logs", body, EventPushServer.IngestToken);
        using var orgAnswer = JsonDocument.Parse(await org.Content.ReadAsStringAsync());
        Assert.Equal((2, 2, 0), (orgAnswer.RootElement.GetProperty("stored").GetInt32(), orgAnswer.RootElement.GetProperty("duplicates").GetInt32(), orgAnswer.RootElement.GetProperty("rejected").GetInt32()));
        Assert.Equal(1, await fixture.CountAsync("event_id = 'team-push-2' AND service = 'storefront'"));
    }

    [Fact]
    public async Task Pushing_needs_an_ingest_token_and_an_NDJSON_body_and_a_team_token_only_its_teams_services()
    {
        const string line = """{"@timestamp":"2024-06-03T10:00:00Z","service.name":"push-auth"}""";

        using var none = await fixture.PostAsync("/api/v1/logs", line, null);
        using var read = await fixture.PostAsync("/api/v1/logs", line, EventPushServer.ReadToken);
        using var team = await fixture.PostAsync("/api/v1/logs", line, EventPushServer.TeamIngestToken);
        using var xml = await fixture.PostAsync("/api/v1/logs", line, EventPushServer.IngestToken, "application/xml");

        // push-auth is no service of the team's (nor in the catalog): every line refused, so 400.
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.BadRequest, HttpStatusCode.UnsupportedMediaType),
            (none.StatusCode, read.StatusCode, team.StatusCode, xml.StatusCode));
        Assert.Contains("service_not_of_team", await team.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await fixture.CountAsync("service = 'push-auth'"));
    }
}
