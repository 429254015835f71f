using System.Net;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// Tokens configured in <c>appsettings.json</c> (not a tokens file) are rotated without a restart too: <c>insights serve</c>
/// watches the file and the token source follows <c>IOptionsMonitor</c>.
/// </summary>
public sealed class SecurityAppSettingsTokenTests : IDisposable
{
    private const string First = "first-appsettings-token-0123456789";
    private const string Second = "second-appsettings-token-0123456789";
    private readonly TempDir _work = new("appsettings-tokens");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task A_token_rotated_in_appsettings_json_applies_without_a_restart()
    {
        var settings = Path.Combine(_work.Path, "appsettings.json");
        await File.WriteAllTextAsync(settings, Tokens(("first", First)));
        await using var server = await ServerProcess.StartAsync(_work.Path, _work.Sub("data"));
        using var before = await server.GetAsync("/api/v1/catalog/teams", First);

        await File.WriteAllTextAsync(settings, Tokens(("second", Second)));
        var second = await EventuallyAsync(server, Second, HttpStatusCode.OK);
        var first = await EventuallyAsync(server, First, HttpStatusCode.Unauthorized);
        // An edit that breaks the rules (a plain token under 16 characters) is not applied: the last good tokens stay.
        await File.WriteAllTextAsync(settings, """{ "Insights": { "Server": { "Tokens": [ { "Name": "short", "Token": "short", "Scopes": [ "read" ] } ] } } }""");
        var afterBadEdit = await EventuallyAsync(server, "short", HttpStatusCode.OK, attempts: 10);
        using var stillSecond = await server.GetAsync("/api/v1/catalog/teams", Second);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second);
        Assert.Equal(HttpStatusCode.Unauthorized, first);
        Assert.Equal(HttpStatusCode.Unauthorized, afterBadEdit);
        Assert.Equal(HttpStatusCode.OK, stillSecond.StatusCode);
    }

    private static string Tokens(params (string Name, string Token)[] tokens) =>
        "{ \"Insights\": { \"Server\": { \"Tokens\": [ "
        + string.Join(", ", tokens.Select(t => $$"""{ "Name": "{{t.Name}}", "Token": "{{SecurityFixture.Sha256(t.Token)}}", "Scopes": [ "read" ] }"""))
        + " ] } } }";

    /// <summary>The file watcher is real (inotify), so the answer is polled for up to 10 s.</summary>
    private static async Task<HttpStatusCode> EventuallyAsync(ServerProcess server, string token, HttpStatusCode wanted, int attempts = 50)
    {
        var last = HttpStatusCode.InternalServerError;
        for (var i = 0; i < attempts && last != wanted; i++)
        {
            using var response = await server.GetAsync("/api/v1/catalog/teams", token);
            last = response.StatusCode;
            if (last != wanted)
            {
                await Task.Delay(200);
            }
        }
        return last;
    }
}
