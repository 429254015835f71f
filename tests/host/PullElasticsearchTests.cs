using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Insights.Host.Tests.Support;
using Platform.Insights.Ingest.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// <c>insights pull elasticsearch</c> against an in-process server answering in Elasticsearch's REST format (no
/// Elasticsearch can be installed here): the pulled documents become exactly the event rows <c>insights import logs</c>
/// stores from the same documents as NDJSON, and a second process resumes from the checkpoint the first one left.
/// </summary>
public sealed class PullElasticsearchTests
{
    private const int Documents = 1_234;

    [Fact]
    public async Task Pulling_Elasticsearch_stores_the_rows_an_NDJSON_import_of_the_same_documents_stores_and_the_next_run_resumes_at_the_checkpoint()
    {
        using var work = new TempDir("pull-es");
        await using var es = new FakeElasticsearch();
        var start = TimeProvider.System.GetUtcNow().AddHours(-3);
        var lines = new StringBuilder();
        for (var i = 0; i < Documents; i++)
        {
            var source = Document(i, start.AddSeconds(i * 5));
            es.Add(i % 3 == 0 ? "logs-deploy" : "logs-app", $"doc{i}", source);
            lines.Append(source).Append('\n');
        }
        var file = work.Write("same.ndjson", lines.ToString());
        var environment = new Dictionary<string, string> { ["Insights__Ingest__Elasticsearch__PageSize"] = "100" };
        string[] pull = ["pull", "elasticsearch", "--data", work.Sub("pulled"), "--url", es.Url, "--index", "logs=logs-*", "--format", "json"];

        var pulled = await InsightsExe.RunAsync(work.Path, pull, environment);
        var imported = await InsightsExe.RunAsync(work.Path, ["import", "logs", file, "--data", work.Sub("imported")]);
        var again = await InsightsExe.RunAsync(work.Path, pull, environment);

        Assert.True(pulled.ExitCode == 0, pulled.ToString());
        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.True(again.ExitCode == 0, again.ToString());
        var first = Assert.Single(JsonDocument.Parse(pulled.Stdout).RootElement.EnumerateArray());
        Assert.Equal(("Pulled", 13, Documents, Documents), (first.GetProperty("outcome").GetString(), first.GetProperty("pages").GetInt32(),
            first.GetProperty("received").GetInt32(), first.GetProperty("stored").GetInt32()));
        Assert.Contains("pull elasticsearch: logs page 13:", pulled.Stderr, StringComparison.Ordinal);

        const string rows = """
            SELECT string_agg(event_id || '|' || CAST(ts AS VARCHAR) || '|' || service || '|' || coalesce(environment, '') || '|' || coalesce(action, '')
                || '|' || coalesce(outcome, '') || '|' || coalesce(level, '') || '|' || coalesce(message, '') || '|' || coalesce(CAST(labels AS VARCHAR), '')
                || '|' || CAST(raw AS VARCHAR), '\n' ORDER BY event_id, ts)
            FROM log_events
            """;
        Assert.Equal(Documents, StoreFile.Count(work.Sub("pulled"), "SELECT count(*) FROM log_events"));
        Assert.Equal(StoreFile.Scalar(work.Sub("imported"), rows), StoreFile.Scalar(work.Sub("pulled"), rows));

        // The second process read its checkpoint from the store: its window starts where the first one's ended.
        var second = Assert.Single(JsonDocument.Parse(again.Stdout).RootElement.EnumerateArray());
        Assert.Equal(0, second.GetProperty("stored").GetInt32());
        Assert.Equal(first.GetProperty("to").GetString(), second.GetProperty("from").GetString());
        var ranges = es.Searches.Select(s => JsonNode.Parse(s.Body)!["query"]!["bool"]!["filter"]!["range"]!["@timestamp"]!).ToList();
        Assert.Equal(ranges[0]["lt"]!.GetValue<string>(), ranges[^1]["gte"]!.GetValue<string>());
        Assert.Equal(Documents, StoreFile.Count(work.Sub("pulled"), "SELECT count(*) FROM log_events"));
    }

    [Fact]
    public async Task A_server_whose_Elasticsearch_is_unreachable_stays_ready_but_degraded_and_counts_the_failures()
    {
        using var work = new TempDir("pull-es-serve");
        var closed = PrometheusProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["Insights__Ingest__Elasticsearch__Url"] = $"http://127.0.0.1:{closed}",
            ["Insights__Ingest__Elasticsearch__Sources__0__Name"] = "logs",
            ["Insights__Ingest__Elasticsearch__Sources__0__IndexPatterns__0"] = "logs-*",
            ["Insights__Ingest__Elasticsearch__MaxRetries"] = "0",
        };
        await using var server = await ServerProcess.StartAsync(work.Path, work.Sub("data"), environment);

        string ready = "", metrics = "";
        var clock = Stopwatch.StartNew();
        while (!(ready.Contains("\"status\":\"Degraded\",\"description\":\"Elasticsearch pull: ", StringComparison.Ordinal) && metrics.Contains("insights_elasticsearch_pull_errors_total{source=\"logs\",reason=\"unreachable\"}", StringComparison.Ordinal)))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"readyz: {ready}\nmetrics: {metrics}\n{server}");
            await Task.Delay(250);
            using var readyz = await server.GetAsync("/readyz");
            Assert.Equal(System.Net.HttpStatusCode.OK, readyz.StatusCode);
            ready = await readyz.Content.ReadAsStringAsync();
            using var scrape = await server.GetAsync("/metrics", server.LocalToken);
            metrics = await scrape.Content.ReadAsStringAsync();
        }

        Assert.Contains("insights_elasticsearch_pull_errors_total{source=\"logs\",reason=\"unreachable\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("insights_ingest_errors_total{kind=\"logs\",source=\"elasticsearch\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("Elasticsearch pull: source logs failed (unreachable)", server.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_without_index_patterns_fails_start_naming_the_key()
    {
        using var work = new TempDir("pull-es-config");
        var result = await InsightsExe.RunAsync(work.Path, ["pull", "elasticsearch", "--data", work.Sub("data")], new Dictionary<string, string>
        {
            ["Insights__Ingest__Elasticsearch__Url"] = "http://127.0.0.1:9",
            ["Insights__Ingest__Elasticsearch__Sources__0__Name"] = "logs",
        });

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Insights:Ingest:Elasticsearch:Sources:0:IndexPatterns must name at least one index", result.Stderr, StringComparison.Ordinal);
    }

    // Every third document is a deployment without event.id (its id is then the content hash, on both paths).
    private static string Document(int i, DateTimeOffset at)
    {
        var time = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return i % 3 == 0
            ? $$$"""{"@timestamp":"{{{time}}}","event":{"action":"deployment","outcome":"success"},"service":{"name":"svc-{{{i % 7}}}","environment":"production","version":"1.{{{i}}}"},"labels":{"commit_sha":"c{{{i}}}"}}"""
            : $$$"""{"@timestamp":"{{{time}}}","event.id":"app-{{{i}}}","log":{"level":"{{{(i % 5 == 0 ? "error" : "info")}}}"},"service.name":"svc-{{{i % 7}}}","message":"request {{{i}}} served"}""";
    }
}
