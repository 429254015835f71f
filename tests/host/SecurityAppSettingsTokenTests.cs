using System.Net;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// The real <c>insights serve</c> watches the <c>appsettings.json</c> of its working directory: a token rotated there
/// applies without a restart, and an edit that breaks the rules is refused — requests keep being answered with the last
/// valid tokens (never a 500, the failure of the reverted first attempt) and <c>/metrics</c> counts the refusal.
/// </summary>
public sealed class SecurityAppSettingsTokenTests : IDisposable
{
    private const string First = "first-appsettings-token-0123456789";
    private const string Second = "second-appsettings-token-0123456789";
    private const string FailureSeries = "insights_config_reload_failures_total{key=\"Insights:Server:Tokens\"} 1";
    private readonly TempDir _work = new("appsettings-tokens");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task A_token_rotated_in_appsettings_json_applies_without_a_restart_and_a_bad_edit_keeps_the_last_valid_tokens()
    {
        var settings = Path.Combine(_work.Path, "appsettings.json");
        await File.WriteAllTextAsync(settings, Tokens(("first", First)));
        await using var server = await ServerProcess.StartAsync(_work.Path, _work.Sub("data"));
        using var before = await server.GetAsync("/api/v1/catalog/teams", First);

        await ReplaceAsync(settings, Tokens(("second", Second)));
        var revoked = await UntilAsync(async () => (await StatusAsync(server, First)) == HttpStatusCode.Unauthorized);
        var second = await StatusAsync(server, Second);
        // A plain token under 16 characters breaks the rules: refused, counted, and the tokens before it keep answering.
        await ReplaceAsync(settings, """{ "Insights": { "Server": { "Tokens": [ { "Name": "short", "Token": "short", "Scopes": [ "read" ] } ] } } }""");
        var counted = await UntilAsync(async () => (await MetricsAsync(server)).Contains(FailureSeries, StringComparison.Ordinal));
        var afterBadEdit = new[] { await StatusAsync(server, Second), await StatusAsync(server, "short"), await StatusAsync(server, First) };

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.True(revoked, server.ToString());
        Assert.Equal(HttpStatusCode.OK, second);
        Assert.True(counted, server.ToString());
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], afterBadEdit);
        Assert.Contains("Insights:Server:Tokens changed but was not applied", server.Stdout + server.Stderr, StringComparison.Ordinal);
    }

    private static string Tokens(params (string Name, string Token)[] tokens) =>
        "{ \"Insights\": { \"Server\": { \"Tokens\": [ "
        + string.Join(", ", tokens.Select(t => $$"""{ "Name": "{{t.Name}}", "Token": "{{SecurityFixture.Sha256(t.Token)}}", "Scopes": [ "read" ] }"""))
        + " ] } } }";

    private static async Task ReplaceAsync(string path, string content)
    {
        await File.WriteAllTextAsync(path + ".tmp", content);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static async Task<HttpStatusCode> StatusAsync(ServerProcess server, string token)
    {
        using var response = await server.GetAsync("/api/v1/catalog/teams", token);
        return response.StatusCode;
    }

    private static async Task<string> MetricsAsync(ServerProcess server)
    {
        using var response = await server.GetAsync("/metrics");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The server is another process: its state is asked for, paced by a timer, until it holds or 30 s pass.</summary>
    private static async Task<bool> UntilAsync(Func<Task<bool>> condition)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                return false;
            }
            await timer.WaitForNextTickAsync(CancellationToken.None);
        }
        return true;
    }
}
