using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// Two servers shared by the tests of <see cref="ServerTests"/>: one with no tokens configured (so it
/// writes a local admin token, and the CLI can reach it) on an empty data directory, and one on a copy of
/// the demo data with configured tokens (read, admin, and a token limited to one team) and a 2 KiB body limit.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string ReadToken = "read-token-0123456789abcdef";
    public const string AdminToken = "admin-token-0123456789abcdef";
    public const string TeamToken = "team-token-0123456789abcdef";

    public TempDir Work { get; } = new("server");

    public ServerProcess Local { get; private set; } = null!;

    public ServerProcess Secured { get; private set; } = null!;

    public SharedDemo Demo { get; private set; } = null!;

    public string Team => Demo.Manifest.Teams[0].Name;

    public string OtherTeam => Demo.Manifest.Teams[1].Name;

    public async Task InitializeAsync()
    {
        var local = ServerProcess.StartAsync(Work.Path, Work.Sub("local-data"));
        Task<ServerProcess>? secured = null;
        try
        {
            Demo = await SharedDemo.GetAsync();
            Demo.CopyDataTo(Work.Sub("secured-data"));
            var environment = new Dictionary<string, string>
            {
                ["Insights__Server__MaxRequestBodyBytes"] = "2048",
                ["Insights__Server__Tokens__0__Name"] = "reader",
                ["Insights__Server__Tokens__0__Token"] = ReadToken,
                ["Insights__Server__Tokens__0__Scopes__0"] = "read",
                ["Insights__Server__Tokens__1__Name"] = "admin",
                ["Insights__Server__Tokens__1__Token"] = AdminToken,
                ["Insights__Server__Tokens__1__Scopes__0"] = "admin",
                ["Insights__Server__Tokens__2__Name"] = "team-reader",
                ["Insights__Server__Tokens__2__Token"] = TeamToken,
                ["Insights__Server__Tokens__2__Scopes__0"] = "read",
                ["Insights__Server__Tokens__2__Team"] = Team,
                // IdleApiTests: one-day windows, so the demo's two days of data are enough to judge.
                ["Insights__Idle__VmWindowDays"] = "1",
                ["Insights__Idle__K8sWindowDays"] = "1",
                ["Insights__Idle__ScheduledLookbackDays"] = "2",
                // Budgets for CostApiTests: the team token's team is over a 1 USD budget, the other team far under its own.
                ["Insights__Cost__Budgets__0__Team"] = Team,
                ["Insights__Cost__Budgets__0__Amount"] = "1",
                ["Insights__Cost__Budgets__0__Currency"] = "USD",
                ["Insights__Cost__Budgets__1__Team"] = OtherTeam,
                ["Insights__Cost__Budgets__1__Amount"] = "1000000",
                ["Insights__Cost__Budgets__1__Currency"] = "USD",
            };
            secured = ServerProcess.StartAsync(Work.Path, Work.Sub("secured-data"), environment);
            Local = await local;
            Secured = await secured;
        }
        catch
        {
            // A server that did start must not outlive a fixture that failed to start.
            await DisposeQuietlyAsync(local);
            await DisposeQuietlyAsync(secured);
            throw;
        }
    }

    private static async Task DisposeQuietlyAsync(Task<ServerProcess>? starting)
    {
        try
        {
            if (starting is not null)
            {
                await (await starting).DisposeAsync();
            }
        }
        catch (Exception)
        {
            // It failed to start; StartAsync already stopped it.
        }
    }

    public async Task DisposeAsync()
    {
        if (Local is null || Secured is null)
        {
            Work.Dispose();
            return;
        }
        try
        {
            // Both must stop cleanly on SIGTERM; a failure here fails the class.
            var codes = await Task.WhenAll(Local.StopAsync(), Secured.StopAsync());
            Assert.True(codes.All(c => c == 0), $"serve exit codes on SIGTERM: {string.Join(", ", codes)}\n{Local}\n{Secured}");
        }
        finally
        {
            await Local.DisposeAsync();
            await Secured.DisposeAsync();
            Work.Dispose();
        }
    }
}

/// <summary><c>insights serve</c>: health, OpenAPI, /metrics, bearer tokens and scopes, body limits, and a held data directory.</summary>
public sealed class ServerTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Local => fixture.Local;

    private ServerProcess Secured => fixture.Secured;

    [Fact]
    public async Task Health_and_readiness_answer_200()
    {
        foreach (var server in new[] { Local, Secured })
        {
            foreach (var path in new[] { "/healthz", "/readyz" })
            {
                using var response = await server.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    [Fact]
    public async Task OpenApi_document_lists_the_api_paths()
    {
        using var anonymous = await Secured.GetAsync("/openapi/v1.json");
        using var response = await Secured.GetAsync("/openapi/v1.json", ServerFixture.ReadToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = json.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[] { "/api/v1/catalog/services", "/api/v1/catalog/teams", "/api/v1/services/{service}", "/api/v1/teams/{team}", "/api/v1/ingest/status", "/api/v1/query" })
        {
            Assert.Contains(path, paths);
        }
    }

    [Fact]
    public async Task Metrics_endpoint_serves_prometheus_text()
    {
        using (await Secured.GetAsync("/healthz"))
        {
        }

        using var response = await Secured.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Matches(new System.Text.RegularExpressions.Regex(@"^# TYPE \w+ (counter|gauge|histogram|summary)$", System.Text.RegularExpressions.RegexOptions.Multiline), text);
        Assert.Matches(new System.Text.RegularExpressions.Regex(@"^http_request_duration_seconds_count\{.*endpoint=""/healthz"".*\} \d+", System.Text.RegularExpressions.RegexOptions.Multiline), text);
    }

    [Fact]
    public async Task Api_without_a_valid_token_is_401_with_a_json_error()
    {
        foreach (var token in new string?[] { null, "not-a-token-0123456789abcdef" })
        {
            using var response = await Secured.GetAsync("/api/v1/catalog/teams", token);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(401, json.RootElement.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("error").GetString()));
        }
    }

    [Fact]
    public async Task A_read_token_sees_every_team()
    {
        using var response = await Secured.GetAsync("/api/v1/catalog/teams", ServerFixture.ReadToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var teams = json.RootElement.EnumerateArray().Select(t => (t.GetProperty("team").GetString()!, t.GetProperty("services").GetInt32())).OrderBy(t => t.Item1, StringComparer.Ordinal).ToList();
        var expected = fixture.Demo.Manifest.Teams.Select(t => (t.Name, t.ServiceCount)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, teams);
    }

    [Fact]
    public async Task A_team_token_sees_only_its_team()
    {
        using var services = await Secured.GetAsync("/api/v1/catalog/services", ServerFixture.TeamToken);
        using var status = await Secured.GetAsync("/api/v1/ingest/status", ServerFixture.TeamToken);
        using var otherTeam = await Secured.GetAsync($"/api/v1/teams/{fixture.OtherTeam}", ServerFixture.TeamToken);
        using var otherTeamServices = await Secured.GetAsync($"/api/v1/catalog/services?team={fixture.OtherTeam}", ServerFixture.TeamToken);
        using var statusAsAdmin = await Secured.GetAsync("/api/v1/ingest/status", ServerFixture.AdminToken);

        Assert.Equal(HttpStatusCode.OK, services.StatusCode);
        using var json = JsonDocument.Parse(await services.Content.ReadAsStringAsync());
        var seen = json.RootElement.EnumerateArray().Select(s => (Team: s.GetProperty("team").GetString(), Service: s.GetProperty("service").GetString()!)).ToList();
        var expected = fixture.Demo.Manifest.Services.Where(s => s.Team == fixture.Team).Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        Assert.All(seen, s => Assert.Equal(fixture.Team, s.Team));
        Assert.Equal(expected, seen.Select(s => s.Service).Order(StringComparer.Ordinal).ToList());

        foreach (var forbidden in new[] { status, otherTeam, otherTeamServices })
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            using var error = JsonDocument.Parse(await forbidden.Content.ReadAsStringAsync());
            Assert.Equal(403, error.RootElement.GetProperty("status").GetInt32());
        }
        Assert.Equal(HttpStatusCode.OK, statusAsAdmin.StatusCode);
    }

    [Fact]
    public async Task A_query_body_over_the_limit_is_413()
    {
        var padding = new string(' ', 4096);
        using var big = Secured.Request(HttpMethod.Post, "/api/v1/query", ServerFixture.AdminToken);
        big.Content = new StringContent(JsonSerializer.Serialize(new { sql = "SELECT 1 AS x" + padding, maxRows = 1 }), Encoding.UTF8, "application/json");
        using var small = Secured.Request(HttpMethod.Post, "/api/v1/query", ServerFixture.AdminToken);
        small.Content = JsonContent.Create(new { sql = "SELECT 1 AS x", maxRows = 1 });

        using var tooLarge = await Secured.Http.SendAsync(big);
        using var fine = await Secured.Http.SendAsync(small);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        using var json = JsonDocument.Parse(await fine.Content.ReadAsStringAsync());
        Assert.Equal("x", Assert.Single(json.RootElement.GetProperty("columns").EnumerateArray().ToList()).GetString());
        Assert.Equal(1, json.RootElement.GetProperty("rows")[0][0].GetInt32());
    }

    [Fact]
    public async Task Import_into_a_served_data_directory_exits_2_naming_the_server()
    {
        var file = fixture.Work.Write("in/f.om", "up{service=\"x\"} 1 1767225600\n# EOF\n");
        var clock = Stopwatch.StartNew();

        var result = await InsightsExe.RunAsync(fixture.Work.Path, ["import", "metrics", "--data", Local.DataDirectory, file], timeout: TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:0.0} s\n{result}");
        Assert.Contains($"pid {Local.ProcessId}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("serve", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_load_into_a_served_data_directory_exits_2_and_points_at_the_configured_catalog_paths()
    {
        var result = await InsightsExe.RunAsync(fixture.Work.Path, ["catalog", "load", "--data", Local.DataDirectory, fixture.Work.Path], timeout: TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"pid {Local.ProcessId}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Insights:Catalog:Paths", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The server holds the directory, so a local query could not open it: exit 0 means the server answered.</summary>
    [Fact]
    public async Task Query_on_a_served_data_directory_is_answered_by_the_server()
    {
        var result = await InsightsExe.RunAsync(fixture.Work.Path, ["query", "--data", Local.DataDirectory, "SELECT 1 AS x"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToList();
        Assert.Equal(["x", "1"], lines);
    }

    [Fact]
    public async Task A_token_shorter_than_16_characters_stops_serve_with_exit_2()
    {
        using var work = new TempDir("short-token");
        var environment = new Dictionary<string, string>
        {
            ["Insights__Server__Tokens__0__Name"] = "ci",
            ["Insights__Server__Tokens__0__Token"] = "too-short",
            ["Insights__Server__Tokens__0__Scopes__0"] = "read",
        };

        var result = await InsightsExe.RunAsync(work.Path, ["serve", "--urls", "http://127.0.0.1:0", "--data", work.Sub("data")], environment, TimeSpan.FromSeconds(90));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Insights:Server:Tokens", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("16", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("too-short", result.Stderr + result.Stdout, StringComparison.Ordinal);
    }
}
