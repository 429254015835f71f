using System.Security.Cryptography;
using System.Text;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// One <c>insights serve</c> on a copy of the demo data for the security tests, logging at Debug, with a token per
/// scope (the admin token configured only as its <c>sha256:</c> hash), a team-limited token, a read+ingest token
/// (the wrong scope for admin routes), a rate-limited token, an ingest token with tight per-token limits, and a
/// watched tokens file. Every plain token is known here so the logs can be scanned for all of them.
/// </summary>
public sealed class SecurityFixture : IAsyncLifetime
{
    public const string Reader = "sec-read-0123456789abcdef";
    public const string Ingester = "sec-ingest-0123456789abcdef";
    public const string Admin = "sec-admin-0123456789abcdef";
    public const string ReadIngest = "sec-read-ingest-0123456789abcdef";
    public const string TeamReader = "sec-team-0123456789abcdef";
    public const string Limited = "sec-limited-0123456789abcdef";
    public const string SmallIngest = "sec-small-ingest-0123456789abcdef";
    public const string Filed = "sec-filed-0123456789abcdef";
    public const string GitHubSecret = "sec-github-secret-0123456789";

    public TempDir Work { get; } = new("security");

    public ServerProcess Server { get; private set; } = null!;

    public SharedDemo Demo { get; private set; } = null!;

    public string TokensFile => Work.Sub("tokens.json");

    public string Team => Demo.Manifest.Teams[0].Name;

    public string OtherTeam => Demo.Manifest.Teams[1].Name;

    /// <summary>Every plain token this fixture or a test hands out; none may ever appear in output.</summary>
    public List<string> Secrets { get; } = [Reader, Ingester, Admin, ReadIngest, TeamReader, Limited, SmallIngest, Filed, GitHubSecret];

    public static string Sha256(string token) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The body of a GET that must answer 200, the status and the start of the body in the failure message.</summary>
    public async Task<string> OkBodyAsync(string path, string token)
    {
        using var response = await Server.GetAsync(path, token);
        var body = await response.Content.ReadAsStringAsync();
        Xunit.Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {Cut(body)}");
        return body;
    }

    /// <summary>A body short enough for a failure message.</summary>
    public static string Cut(string body) => body.Length > 1500 ? body[..1500] + "…" : body;

    public async Task InitializeAsync()
    {
        Demo = await SharedDemo.GetAsync();
        Demo.CopyDataTo(Work.Sub("data"));
        File.WriteAllText(TokensFile, $$"""{ "Tokens": [ { "Name": "filed", "Token": "{{Sha256(Filed)}}", "Scopes": [ "read" ] } ] }""");
        var environment = new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Debug",
            ["Logging__LogLevel__Microsoft"] = "Debug",
            ["Logging__LogLevel__Platform.Insights"] = "Debug",
            ["Logging__LogLevel__Orleans"] = "Information",
            ["Insights__Server__TokensFile"] = TokensFile,
            ["Insights__Ingest__Webhooks__GitHubSecret"] = GitHubSecret,
            // A budget per team, so the budgets endpoint has the other team's to leak.
            ["Insights__Cost__Budgets__0__Team"] = Team,
            ["Insights__Cost__Budgets__0__Amount"] = "1",
            ["Insights__Cost__Budgets__0__Currency"] = "USD",
            ["Insights__Cost__Budgets__1__Team"] = OtherTeam,
            ["Insights__Cost__Budgets__1__Amount"] = "1000",
            ["Insights__Cost__Budgets__1__Currency"] = "USD",
        };
        var tokens = new (string Name, string Token, string[] Scopes, string? Team, (string Key, string Value)[] Extra)[]
        {
            ("reader", Reader, ["read"], null, []),
            ("ingester", Ingester, ["ingest"], null, []),
            ("admin", Sha256(Admin), ["admin"], null, []),
            ("read-ingest", ReadIngest, ["read", "ingest"], null, []),
            ("team-reader", TeamReader, ["read"], "$TEAM", []),
            ("limited", Limited, ["read"], null, [("RequestsPerSecond", "0.2"), ("Burst", "2")]),
            ("small-ingest", SmallIngest, ["ingest"], null, [("MaxRequestBytes", "4096"), ("MaxSeriesPerRequest", "2"), ("MaxLabelBytes", "16")]),
        };
        for (var i = 0; i < tokens.Length; i++)
        {
            var (name, token, scopes, team, extra) = tokens[i];
            environment[$"Insights__Server__Tokens__{i}__Name"] = name;
            environment[$"Insights__Server__Tokens__{i}__Token"] = token;
            for (var s = 0; s < scopes.Length; s++)
            {
                environment[$"Insights__Server__Tokens__{i}__Scopes__{s}"] = scopes[s];
            }
            if (team is not null)
            {
                environment[$"Insights__Server__Tokens__{i}__Team"] = Team;
            }
            foreach (var (key, value) in extra)
            {
                environment[$"Insights__Server__Tokens__{i}__{key}"] = value;
            }
        }
        Server = await ServerProcess.StartAsync(Work.Path, Work.Sub("data"), environment, TimeSpan.FromMinutes(3));
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (Server is not null)
            {
                var code = await Server.StopAsync();
                Assert.True(code == 0, $"serve exit code on SIGTERM: {code}\n{Server}");
                // The whole run's output, start-up to shutdown at Debug, never holds a token.
                SecurityLogScan.AssertNoSecret(Server.Stdout + Server.Stderr, Secrets);
            }
        }
        finally
        {
            if (Server is not null)
            {
                await Server.DisposeAsync();
            }
            Work.Dispose();
        }
    }
}
