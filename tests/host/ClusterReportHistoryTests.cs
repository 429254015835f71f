using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// The report history of a cluster on the machine's real PostgreSQL 15, with two <c>insights serve --cluster</c>
/// processes: a report generated through silo A's API is listed and served in every format by silo B's API and by
/// <c>insights report list</c>, and re-runs on either silo replace the one report — one row, one folder — once each.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterReportHistoryTests(PostgresServer postgres)
{
    private const string ReportId = "weekly-2026-W47";
    private static readonly string[] Formats = ["html", "pdf", "md", "csv", "json"];

    [Fact]
    public async Task A_report_generated_on_one_silo_is_listed_and_served_by_the_other_and_a_rerun_on_either_replaces_it_once()
    {
        var connection = await postgres.NewDatabaseAsync("reports");
        using var work = new TempDir("cluster-reports");
        var init = await InsightsExe.RunAsync(work.Path, ["db", "init", "--connection", connection]);
        Assert.True(init.ExitCode == 0, init.ToString());
        var environment = new Dictionary<string, string>
        {
            ["Insights__Mode"] = "Cluster",
            ["Insights__Cluster__ConnectionString"] = connection,
            ["Insights__Cluster__ClusterId"] = "reports-test",
            ["Insights__Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["Insights__Lake__Root"] = work.Sub("lake"),
            ["Insights__Reports__ScheduleEnabled"] = "false",
            ["Insights__Reports__Formats"] = string.Join(',', Formats),
        };
        await using var a = await ServerProcess.StartAsync(work.Path, work.Sub("data-a"), environment);
        await using var b = await ServerProcess.StartAsync(work.Path, work.Sub("data-b"), environment);

        var first = await GenerateAsync(a);
        Assert.Equal(JsonValueKind.Null, first.GetProperty("replacedGeneratedAt").ValueKind);

        var listedOnB = Assert.Single(await b.GetArrayAsync("/api/v1/reports", b.LocalToken));
        Assert.Equal((ReportId, 1), (listedOnB.GetProperty("id").GetString(), listedOnB.GetProperty("generations").GetInt32()));
        foreach (var format in Formats)
        {
            var fromA = await DownloadAsync(a, format);
            var fromB = await DownloadAsync(b, format);
            Assert.True(fromB.Length > 0, $"{format}: empty");
            Assert.Equal(fromA, fromB);
        }
        var cli = await InsightsExe.RunAsync(work.Path, ["report", "list", "--format", "json", "--data", work.Sub("data-cli")], environment);
        Assert.True(cli.ExitCode == 0, cli.ToString());
        using (var listed = JsonDocument.Parse(cli.Stdout))
        {
            var row = Assert.Single(listed.RootElement.EnumerateArray());
            Assert.Equal(ReportId, row.GetProperty("id").GetString());
        }

        // A re-run through B replaces A's report: the same row with generation 2, new files in the one shared folder.
        var second = await GenerateAsync(b);
        Assert.Equal(first.GetProperty("generatedAt").GetDateTime(), second.GetProperty("replacedGeneratedAt").GetDateTime());
        var afterRerun = Assert.Single(await a.GetArrayAsync("/api/v1/reports", a.LocalToken));
        Assert.Equal(2, afterRerun.GetProperty("generations").GetInt32());
        Assert.Equal(second.GetProperty("generatedAt").GetDateTime(), afterRerun.GetProperty("generatedAt").GetDateTime());

        // Two re-runs at once on both silos take turns on the report's lock: each replaces exactly one generation.
        var together = (await Task.WhenAll(GenerateAsync(a), GenerateAsync(b)))
            .Select(r => (Replaced: r.GetProperty("replacedGeneratedAt").GetDateTime(), Generated: r.GetProperty("generatedAt").GetDateTime())).ToList();
        var earlier = Assert.Single(together, r => r.Replaced == second.GetProperty("generatedAt").GetDateTime());
        var later = Assert.Single(together, r => r.Replaced == earlier.Generated);
        var last = Assert.Single(await b.GetArrayAsync("/api/v1/reports", b.LocalToken));
        Assert.Equal((4, later.Generated), (last.GetProperty("generations").GetInt32(), last.GetProperty("generatedAt").GetDateTime()));

        Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM insights_reports"));
        var shared = Path.Combine(work.Sub("lake"), "reports");
        Assert.Equal(ReportId, Path.GetFileName(Assert.Single(Directory.GetDirectories(shared))));
        Assert.False(Directory.Exists(Path.Combine(work.Sub("data-a"), "reports", ReportId)), "the report was written to silo A's data directory");
        using var json = JsonDocument.Parse(await DownloadAsync(a, "json"));
        Assert.Equal(ReportId, json.RootElement.GetProperty("id").GetString());
    }

    private static async Task<JsonElement> GenerateAsync(ServerProcess silo)
    {
        using var request = silo.Request(HttpMethod.Post, "/api/v1/reports", silo.LocalToken);
        request.Content = JsonContent.Create(new { kind = "weekly", period = "2026-W47" });
        using var response = await silo.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {text}\n{silo}");
        using var body = JsonDocument.Parse(text);
        return body.RootElement.Clone();
    }

    private static async Task<byte[]> DownloadAsync(ServerProcess silo, string format)
    {
        using var response = await silo.GetAsync($"/api/v1/reports/{ReportId}/{format}", silo.LocalToken);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{format} from {silo.BaseUrl}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes)}");
        return bytes;
    }

    private static async Task<long> ScalarAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
