using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests.Reliability;

/// <summary>
/// <c>Insights:Query:StatementTimeout</c> end to end with the built <c>insights</c>: a statement that would run for hours
/// (a cross join of two 100,000-row ranges) ends at the limit — <c>insights query</c> exits 1 naming the key, embedded and
/// through a running server, and <c>POST /api/v1/query</c> answers 422 naming it; a bad limit fails at start (exit 2).
/// </summary>
public sealed class ReliabilityQueryTimeoutTests : IDisposable
{
    private const string CrossJoin = "SELECT sum(a.range * b.range) FROM range(100000) a, range(100000) b";
    private static readonly Dictionary<string, string> Limit = new() { ["Insights__Query__StatementTimeout"] = "00:00:03" };
    private readonly TempDir _work = new("query-timeout");

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task Query_running_past_the_statement_timeout_exits_1_naming_the_limit()
    {
        var result = await InsightsExe.RunAsync(_work.Path, ["query", "--data", _work.Sub("data"), CrossJoin], Limit);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Insights:Query:StatementTimeout (3s)", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task A_statement_timeout_of_zero_fails_at_start_naming_the_key()
    {
        var result = await InsightsExe.RunAsync(_work.Path, ["query", "--data", _work.Sub("data"), "SELECT 1"],
            new Dictionary<string, string> { ["Insights__Query__StatementTimeout"] = "00:00:00" });

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Insights:Query:StatementTimeout must be between 00:00:01 and 01:00:00", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_query_api_answers_422_naming_the_limit_and_the_cli_through_the_server_exits_1()
    {
        await using var server = await ServerProcess.StartAsync(_work.Path, _work.Sub("data"), Limit);
        using var request = server.Request(HttpMethod.Post, "/api/v1/query", server.LocalToken);
        request.Content = JsonContent.Create(new { sql = CrossJoin });

        using var response = await server.Http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var viaServer = await InsightsExe.RunAsync(_work.Path, ["query", "--data", server.DataDirectory, CrossJoin], Limit);
        using var quick = server.Request(HttpMethod.Post, "/api/v1/query", server.LocalToken);
        quick.Content = JsonContent.Create(new { sql = "SELECT 42 AS answer" });
        using var answered = await server.Http.SendAsync(quick);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Insights:Query:StatementTimeout (3s)", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(viaServer.ExitCode == 1, viaServer.ToString());
        Assert.Contains("Insights:Query:StatementTimeout", viaServer.Stderr, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }
}
