using Microsoft.Extensions.Logging;
using Platform.Insights.Host.Server;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// Tokens under <c>Insights:Server:Tokens</c> in a real, watched <c>appsettings.json</c> follow edits without a restart
/// — through the real file watcher and configuration reload, waited for on <see cref="ApiTokenSource.GetReloadToken"/> —
/// and an invalid edit never reaches requests: the last valid tokens keep answering, a Warning names the key and
/// <c>insights_config_reload_failures_total</c> counts it.
/// </summary>
public sealed class SecurityTokenReloadTests : IDisposable
{
    private const string First = "first-appsettings-token-0123456789";
    private const string Second = "second-appsettings-token-0123456789";
    private const string Filed = "filed-token-0123456789abcdef";
    private readonly TempDir _work = new("token-reload");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task A_token_rotated_in_appsettings_json_works_at_once_and_the_revoked_one_gets_401_while_the_tokens_file_keeps_working()
    {
        var tokensFile = _work.Write("tokens.json", $$"""{ "Tokens": [ { "Name": "filed", "Token": "{{SecurityFixture.Sha256(Filed)}}", "Scopes": [ "read" ] } ] }""");
        await using var server = await ReloadingTokenServer.StartAsync(_work.Path, Settings(("first", First, null)), tokensFile);
        var before = await server.GetAsync("/org", First);
        var secondBefore = await server.GetAsync("/org", Second);

        await server.EditAsync(Settings(("second", Second, null)), t => t.Current.Find(First) is null);

        Assert.Equal(200, before.Status);
        Assert.Equal(401, secondBefore.Status);
        Assert.Equal(401, (await server.GetAsync("/org", First)).Status);
        Assert.Equal(200, (await server.GetAsync("/org", Second)).Status);
        Assert.Equal(200, (await server.GetAsync("/org", Filed)).Status);
        Assert.Equal(0, server.Tokens.RejectedReloads);
        Assert.Contains(server.Log, l => l.Level == LogLevel.Information && l.Message.Contains(ApiTokenSource.TokensKey, StringComparison.Ordinal));

        // The tokens file still rotates on its own: emptied, its token stops; the appsettings token stays.
        File.WriteAllText(tokensFile, """{ "Tokens": [] }""");
        File.SetLastWriteTimeUtc(tokensFile, File.GetLastWriteTimeUtc(tokensFile).AddSeconds(5));
        var filedAfter = await EventuallyUnauthorizedAsync(server, Filed);
        Assert.Equal(401, filedAfter);
        Assert.Equal(200, (await server.GetAsync("/org", Second)).Status);
    }

    [Fact]
    public async Task Invalid_edits_keep_the_last_valid_tokens_answering_log_a_warning_naming_the_key_and_are_counted()
    {
        await using var server = await ReloadingTokenServer.StartAsync(_work.Path, Settings(("first", First, null)));
        string[] invalid =
        [
            """{ "Insights": { "Server": { "Tokens": [ { "Name": "broken", """,                                          // JSON cut off mid-edit
            """{ "Insights": { "Server": { "Tokens": [ { "Name": "short", "Token": "short", "Scopes": [ "read" ] } ] } } }""", // breaks the token rules
            $$"""{ "Insights": { "Server": { "Tokens": [ { "Name": "first", "Token": "{{SecurityFixture.Sha256(First)}}", "Scopes": [ "read" ], "Burst": "lots" } ] } } }""", // does not bind
            """{ "Insights": { "Server": { "Tokens": [] } } }""",                                                         // would leave no token at all
        ];
        var statuses = new List<int>();
        for (var i = 0; i < invalid.Length; i++)
        {
            var refused = i + 1;
            await server.EditAsync(invalid[i], t => t.RejectedReloads >= refused);
            statuses.Add((await server.GetAsync("/org", First)).Status);
            statuses.Add((await server.GetAsync("/org", "short")).Status);
        }
        var warnings = server.Log.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message).ToList();

        // Every request after every bad edit was answered from the last valid set: never a 500.
        Assert.Equal([200, 401, 200, 401, 200, 401, 200, 401], statuses);
        Assert.Equal(invalid.Length, server.Tokens.RejectedReloads);
        Assert.Equal(invalid.Length, server.Meters.Failures(ApiTokenSource.TokensKey));
        Assert.Equal(invalid.Length, warnings.Count);
        Assert.All(warnings, w => Assert.Contains(ApiTokenSource.TokensKey, w, StringComparison.Ordinal));
        Assert.True(warnings[0].Contains("not valid JSON", StringComparison.Ordinal), string.Join("\n", warnings));
        Assert.True(warnings[1].Contains("Insights:Server:Tokens:0:Token", StringComparison.Ordinal), warnings[1]);
        Assert.True(warnings[2].Contains("Insights:Server:Tokens:0:Burst", StringComparison.Ordinal), string.Join("\n", warnings));
        Assert.True(warnings[3].Contains("no token left", StringComparison.Ordinal), warnings[3]);
        Assert.All(warnings, w => Assert.DoesNotContain(First, w, StringComparison.Ordinal));

        // The next valid edit applies as usual.
        await server.EditAsync(Settings(("second", Second, null)), t => t.Current.Find(Second) is not null);
        Assert.Equal(401, (await server.GetAsync("/org", First)).Status);
        Assert.Equal(200, (await server.GetAsync("/org", Second)).Status);
    }

    [Fact]
    public async Task A_token_limited_to_a_team_by_an_edit_sees_only_its_team_at_once_and_loses_the_org_wide_routes()
    {
        await using var server = await ReloadingTokenServer.StartAsync(_work.Path, Settings(("first", First, null)));
        var orgBefore = await server.GetAsync("/org", First);
        var teamBefore = await server.GetAsync("/team", First);

        await server.EditAsync(Settings(("first", First, "payments")), t => t.Current.Find(First)?.Team == "payments");
        var orgAfter = await server.GetAsync("/org", First);
        var teamAfter = await server.GetAsync("/team", First);

        Assert.Equal((200, "(every team)"), teamBefore);
        Assert.Equal(200, orgBefore.Status);
        Assert.Equal(403, orgAfter.Status);
        Assert.Contains("limited to team 'payments'", orgAfter.Body, StringComparison.Ordinal);
        Assert.Equal((200, "payments"), teamAfter);
    }

    private static string Settings(params (string Name, string Token, string? Team)[] tokens) =>
        "{ \"Logging\": { \"LogLevel\": { \"Default\": \"Warning\" } }, \"Insights\": { \"Server\": { \"Tokens\": [ "
        + string.Join(", ", tokens.Select(t => $$"""{ "Name": "{{t.Name}}", "Token": "{{SecurityFixture.Sha256(t.Token)}}", "Scopes": [ "read" ]{{(t.Team is null ? "" : $", \"Team\": \"{t.Team}\"")}} }"""))
        + " ] } } }";

    /// <summary>The tokens file is looked at on a request, at most once a second: ask until it answers 401 (30 s budget, paced by a timer).</summary>
    private static async Task<int> EventuallyUnauthorizedAsync(ReloadingTokenServer server, string token)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var status = 0;
        while (!deadline.IsCancellationRequested && (status = (await server.GetAsync("/org", token)).Status) != 401)
        {
            await timer.WaitForNextTickAsync(CancellationToken.None);
        }
        return status;
    }
}
