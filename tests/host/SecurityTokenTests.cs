using System.Net;
using System.Text;
using System.Text.Json;
using Platform.Insights.Host.Tests.Support;
using Platform.Insights.Ingest.Tests.Parsers.RemoteWrite;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// Tokens: hashed in configuration (<c>insights token hash</c> / <c>create</c>), rotated without a restart through the
/// watched tokens file, rate-limited per token (429 + Retry-After), per-token ingest limits, and never in any output.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SecurityTokenTests(SecurityFixture fixture)
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task A_token_configured_only_as_its_sha256_is_accepted_and_its_hash_is_not_a_token()
    {
        using var plain = await Server.GetAsync("/api/v1/cluster", SecurityFixture.Admin);
        using var hashAsToken = await Server.GetAsync("/api/v1/cluster", SecurityFixture.Sha256(SecurityFixture.Admin));

        Assert.NotEqual(HttpStatusCode.Unauthorized, plain.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, plain.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, hashAsToken.StatusCode);
    }

    [Fact]
    public async Task Token_hash_reads_stdin_and_prints_the_configuration_value()
    {
        using var process = InsightsExe.Create(fixture.Work.Path, ["token", "hash"], null);
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync("my-new-token-0123456789abcdef\n");
        process.StandardInput.Close();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Equal(SecurityFixture.Sha256("my-new-token-0123456789abcdef"), (await stdout).Trim());
    }

    [Fact]
    public async Task A_token_added_to_the_tokens_file_works_and_a_removed_one_stops_without_a_restart()
    {
        using var filed = await Server.GetAsync("/api/v1/catalog/teams", SecurityFixture.Filed);
        Assert.Equal(HttpStatusCode.OK, filed.StatusCode);

        var created = await InsightsExe.RunAsync(fixture.Work.Path, ["token", "create", "--name", "rotated", "--scope", "read", "--add-to", fixture.TokensFile, "--format", "json"]);
        Assert.True(created.ExitCode == 0, created.ToString());
        var row = JsonDocument.Parse(created.Stdout).RootElement[0];
        var token = row.GetProperty("token").GetString()!;
        fixture.Secrets.Add(token);
        Assert.Equal(SecurityFixture.Sha256(token), row.GetProperty("hash").GetString());
        Assert.DoesNotContain(token, File.ReadAllText(fixture.TokensFile), StringComparison.Ordinal);
        Assert.Contains(SecurityFixture.Sha256(token), File.ReadAllText(fixture.TokensFile), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, await EventuallyAsync(token, HttpStatusCode.OK));

        // Revoke: the file without the new token (and without "filed").
        File.WriteAllText(fixture.TokensFile, """{ "Tokens": [] }""");
        Assert.Equal(HttpStatusCode.Unauthorized, await EventuallyAsync(token, HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.Unauthorized, await EventuallyAsync(SecurityFixture.Filed, HttpStatusCode.Unauthorized));
        using var configured = await Server.GetAsync("/api/v1/catalog/teams", SecurityFixture.Reader);
        Assert.Equal(HttpStatusCode.OK, configured.StatusCode);

        // A broken file keeps the last good tokens.
        File.WriteAllText(fixture.TokensFile, """{ "Tokens": [ { "Name": "x", "Token": "short", "Scopes": ["read"] } ] }""");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        using var still = await Server.GetAsync("/api/v1/catalog/teams", SecurityFixture.Reader);
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task A_token_over_its_rate_limit_gets_429_with_retry_after_and_other_tokens_do_not()
    {
        var statuses = new List<HttpResponseMessage>();
        try
        {
            // Other tests of the shared server present every token (the log scan), which may have spent this one's small
            // bucket: wait for it to refill (0.2 a second; a refused request spends nothing), so the first request is served.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            HttpResponseMessage first;
            while ((first = await Server.GetAsync("/api/v1/catalog/teams", SecurityFixture.Limited)).StatusCode == HttpStatusCode.TooManyRequests
                   && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                first.Dispose();
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
            statuses.Add(first);
            for (var i = 0; i < 3; i++)
            {
                statuses.Add(await Server.GetAsync("/api/v1/catalog/teams", SecurityFixture.Limited));
            }
            using var other = await Server.GetAsync("/api/v1/catalog/teams", SecurityFixture.Reader);

            var limited = statuses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.NotEmpty(limited);
            Assert.Equal(HttpStatusCode.OK, statuses[0].StatusCode);
            Assert.True(limited[0].Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {limited[0].Headers.RetryAfter}");
            Assert.Contains("limited", await limited[0].Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }
        finally
        {
            statuses.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Per_token_ingest_limits_refuse_what_the_server_wide_limits_allow()
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var threeSeries = WriteRequestEncoder.Compressed(Enumerable.Range(0, 3).Select(i => RemoteSeries.Of("sec_series", [("service", "sec-limits"), ("i", $"{i}")], (now - 60_000, 1))));
        var longLabel = WriteRequestEncoder.Compressed([RemoteSeries.Of("sec_label", [("service", "sec-limits"), ("path", new string('x', 40))], (now - 60_000, 1))]);
        var logs = new string('\n', 5000) + """{"@timestamp": "2026-01-09T00:00:00Z", "message": "x", "service": {"name": "sec-limits"}}""";

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await WriteAsync(threeSeries, SecurityFixture.SmallIngest));
        Assert.Equal(HttpStatusCode.BadRequest, await WriteAsync(longLabel, SecurityFixture.SmallIngest));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await PushAsync(logs, SecurityFixture.SmallIngest));
        Assert.Equal(HttpStatusCode.NoContent, await WriteAsync(threeSeries, SecurityFixture.Ingester));
        Assert.Equal(HttpStatusCode.NoContent, await WriteAsync(longLabel, SecurityFixture.Ingester));
        Assert.Equal(HttpStatusCode.OK, await PushAsync(logs, SecurityFixture.Ingester));
    }

    [Fact]
    public async Task No_token_appears_in_the_output_of_a_debug_logged_server_or_the_demo()
    {
        // Traffic with every token, good and bad, where tokens travel: the Authorization header, on reads, queries and ingest.
        foreach (var token in fixture.Secrets.Concat(["bad-" + SecurityFixture.Reader]))
        {
            using (await Server.GetAsync("/api/v1/catalog/teams", token))
            {
            }
            using var query = Server.Request(HttpMethod.Post, "/api/v1/query", token);
            query.Content = new StringContent("""{"sql": "SELECT * FROM read_text('/etc/passwd')"}""", Encoding.UTF8, "application/json");
            using (await Server.Http.SendAsync(query))
            {
            }
            await PushAsync("not json\n", token);
        }
        var localToken = File.ReadAllText(Path.Combine(fixture.Demo.Data, "local-token")).Trim();

        SecurityLogScan.AssertNoSecret(Server.Stdout + Server.Stderr, fixture.Secrets.Where(s => !s.StartsWith("bad-", StringComparison.Ordinal)));
        SecurityLogScan.AssertNoSecret(fixture.Demo.Run.Stdout + fixture.Demo.Run.Stderr, [localToken]);
        Assert.Contains("Debug", Server.Stdout + Server.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<HttpStatusCode> EventuallyAsync(string token, HttpStatusCode wanted)
    {
        var last = HttpStatusCode.InternalServerError;
        for (var i = 0; i < 50 && last != wanted; i++)
        {
            using var response = await Server.GetAsync("/api/v1/catalog/teams", token);
            last = response.StatusCode;
            if (last != wanted)
            {
                await Task.Delay(200);
            }
        }
        return last;
    }

    private async Task<HttpStatusCode> WriteAsync(byte[] body, string token)
    {
        using var request = Server.Request(HttpMethod.Post, "/api/v1/write", token);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");
        request.Content.Headers.ContentEncoding.Add("snappy");
        using var response = await Server.Http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<HttpStatusCode> PushAsync(string body, string token)
    {
        using var request = Server.Request(HttpMethod.Post, "/api/v1/logs", token);
        request.Content = new StringContent(body, Encoding.UTF8, "application/x-ndjson");
        using var response = await Server.Http.SendAsync(request);
        return response.StatusCode;
    }
}
