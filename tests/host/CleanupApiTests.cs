using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>The cleanup API and the Hangfire dashboard behind bearer scopes: read plans and status; only admin approves, applies, undoes, kills.</summary>
public sealed class CleanupApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Secured => fixture.Secured;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = Secured.Request(method, path, token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return await Secured.Http.SendAsync(request);
    }

    [Theory]
    [InlineData("POST", "/api/v1/cleanup/plans/pln_000000000000/approve")]
    [InlineData("POST", "/api/v1/cleanup/plans/pln_000000000000/apply")]
    [InlineData("POST", "/api/v1/cleanup/steps/stp_000000000000/undo")]
    [InlineData("POST", "/api/v1/cleanup/kill")]
    [InlineData("DELETE", "/api/v1/cleanup/kill")]
    [InlineData("GET", "/hangfire")]
    public async Task Changing_cleanup_needs_an_admin_token(string method, string path)
    {
        var verb = new HttpMethod(method);
        using var anonymous = await SendAsync(verb, path, null, new { hash = "0" });
        using var reader = await SendAsync(verb, path, ServerFixture.ReadToken, new { hash = "0" });
        using var team = await SendAsync(verb, path, ServerFixture.TeamToken, new { hash = "0" });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, team.StatusCode);
    }

    [Fact]
    public async Task An_admin_approval_of_an_unknown_plan_is_refused_with_the_reason()
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/cleanup/plans/pln_000000000000/approve", ServerFixture.AdminToken, new { hash = "0123456789abcdef" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("no plan pln_000000000000", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_opens_for_an_admin_token()
    {
        using var response = await SendAsync(HttpMethod.Get, "/hangfire", ServerFixture.AdminToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Insights cleanup jobs", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_kill_switch_over_the_api_shows_in_status_until_released()
    {
        using var engaged = await SendAsync(HttpMethod.Post, "/api/v1/cleanup/kill", ServerFixture.AdminToken, new { reason = "api test" });
        using var during = await SendAsync(HttpMethod.Get, "/api/v1/cleanup/status", ServerFixture.ReadToken);
        var duringBody = await during.Content.ReadFromJsonAsync<JsonElement>();
        using var released = await SendAsync(HttpMethod.Delete, "/api/v1/cleanup/kill", ServerFixture.AdminToken);
        using var after = await SendAsync(HttpMethod.Get, "/api/v1/cleanup/status", ServerFixture.ReadToken);
        var afterBody = await after.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, engaged.StatusCode);
        Assert.True(duringBody.GetProperty("killSwitch").GetBoolean());
        Assert.Contains("api test", duringBody.GetProperty("killReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.False(afterBody.GetProperty("killSwitch").GetBoolean());
        Assert.Equal(JsonValueKind.Array, afterBody.GetProperty("realisedSavings").ValueKind);
    }

    [Fact]
    public async Task Planning_with_a_read_token_is_allowed_and_answers_without_policies()
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/cleanup/plans", ServerFixture.ReadToken);
        var body = await response.Content.ReadAsStringAsync();

        // Without a detector the guard answers 503 naming it; with one (and no policy file configured here) there is nothing to plan.
        Assert.True(response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.OK, body);
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            Assert.Contains("no idle detector registered", body, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("[]", body);
        }
    }
}
