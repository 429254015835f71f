using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Platform.Insights.Host.Tests.Support;
using Platform.Insights.Ingest.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// The same ECS events through the three ways logs arrive — <c>insights import logs</c>, <c>POST /api/v1/logs</c> and
/// <c>insights pull elasticsearch</c> — against the same catalog: the same rows stored, the same duplicates, and the same
/// events dropped for the same reasons (the delivery-event rules), also on <c>/metrics</c>.
/// </summary>
public sealed class DeliveryEventPathTests
{
    private const string Catalog = """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: checkout
        spec:
          type: service
          lifecycle: production
          owner: group:payments
        """;

    private const string Rows = """
        SELECT string_agg(event_id || '|' || CAST(ts AS VARCHAR) || '|' || service || '|' || coalesce(action, '') || '|' || coalesce(outcome, '')
            || '|' || coalesce(CAST(labels AS VARCHAR), '') || '|' || CAST(raw AS VARCHAR), '\n' ORDER BY event_id, ts)
        FROM log_events
        """;

    private static readonly Dictionary<string, long> ExpectedDrops = new(StringComparer.Ordinal)
    {
        ["service_not_in_catalog"] = 1, ["unknown_outcome"] = 1, ["ends_before_start"] = 1, ["bad_timestamp"] = 1, ["invalid"] = 1,
    };

    [Fact]
    public async Task A_file_import_a_push_and_an_Elasticsearch_pull_of_the_same_events_keep_and_drop_the_same_ones_for_the_same_reasons()
    {
        using var work = new TempDir("delivery-paths");
        var lines = Events(TimeProvider.System.GetUtcNow().AddHours(-2));
        var file = work.Write("events.ndjson", string.Join('\n', lines) + "\n");
        var catalog = work.Write("catalog-info.yaml", Catalog);
        await using var es = new FakeElasticsearch();
        for (var i = 0; i < lines.Count; i++)
        {
            es.Add(i % 2 == 0 ? "logs-a" : "logs-b", $"doc{i}", lines[i]);
        }
        foreach (var data in new[] { "imported", "pulled", "pushed" })
        {
            var loaded = await InsightsExe.RunAsync(work.Path, ["catalog", "load", catalog, "--data", work.Sub(data)]);
            Assert.True(loaded.ExitCode == 0, loaded.ToString());
        }

        var imported = await InsightsExe.RunAsync(work.Path, ["import", "logs", file, "--data", work.Sub("imported")]);
        var pulled = await InsightsExe.RunAsync(work.Path, ["pull", "elasticsearch", "--data", work.Sub("pulled"), "--url", es.Url, "--index", "logs=logs-*", "--format", "json"]);
        string pushAnswer, metrics;
        await using (var server = await ServerProcess.StartAsync(work.Path, work.Sub("pushed")))
        {
            using var request = server.Request(HttpMethod.Post, "/api/v1/logs", server.LocalToken);
            request.Content = new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson");
            using var pushed = await server.Http.SendAsync(request);
            pushAnswer = await pushed.Content.ReadAsStringAsync();
            Assert.True(pushed.StatusCode == HttpStatusCode.OK, pushAnswer);
            using var scrape = await server.GetAsync("/metrics", server.LocalToken);
            metrics = await scrape.Content.ReadAsStringAsync();
            Assert.Equal(0, await server.StopAsync());
        }

        // The file import exits 2 (bad input) because lines were rejected; the pull succeeds with documents dropped.
        Assert.True(imported.ExitCode == 2, imported.ToString());
        Assert.True(pulled.ExitCode == 0, pulled.ToString());
        Assert.Contains("read 9, stored 3, duplicates dropped 1, rejected 5", imported.Stdout, StringComparison.Ordinal);
        Assert.Contains($"rejected per reason: {Reasons(ExpectedDrops)}", imported.Stdout, StringComparison.Ordinal);

        var pull = Assert.Single(JsonDocument.Parse(pulled.Stdout).RootElement.EnumerateArray());
        Assert.Equal((9, 3, 1, 5), (pull.GetProperty("received").GetInt32(), pull.GetProperty("stored").GetInt32(),
            pull.GetProperty("duplicates").GetInt32(), pull.GetProperty("invalid").GetInt32()));
        Assert.Contains($"logs: rejected per reason: {Reasons(ExpectedDrops)}", pulled.Stderr, StringComparison.Ordinal);

        using var push = JsonDocument.Parse(pushAnswer);
        var answer = push.RootElement;
        Assert.Equal((9, 3, 1, 5), (answer.GetProperty("lines").GetInt32(), answer.GetProperty("stored").GetInt32(),
            answer.GetProperty("duplicates").GetInt32(), answer.GetProperty("rejected").GetInt32()));
        Assert.Equal(ExpectedDrops, answer.GetProperty("rejectedByReason").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal));
        foreach (var (reason, count) in ExpectedDrops)
        {
            Assert.Contains($"insights_ingest_dropped_total{{kind=\"logs\",reason=\"{reason}\"}} {count}", metrics, StringComparison.Ordinal);
        }
        Assert.Contains("insights_ingest_dropped_total{kind=\"logs\",reason=\"duplicate\"} 1", metrics, StringComparison.Ordinal);

        var rows = StoreFile.Scalar(work.Sub("imported"), Rows);
        Assert.Equal(3, StoreFile.Count(work.Sub("imported"), "SELECT count(*) FROM log_events"));
        Assert.Equal(rows, StoreFile.Scalar(work.Sub("pulled"), Rows));
        Assert.Equal(rows, StoreFile.Scalar(work.Sub("pushed"), Rows));
    }

    // Reasons the Elasticsearch pull can meet too: its range query on @timestamp never returns a document whose
    // @timestamp is missing or unreadable, so those two reasons are proven for files and pushes in their own tests.
    private static List<string> Events(DateTimeOffset start)
    {
        string At(int minutes) => start.AddMinutes(minutes).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var deployed = $$$"""{"@timestamp":"{{{At(0)}}}","event":{"id":"dep-1","action":"deployment","outcome":"success"},"service":{"name":"checkout","environment":"production"},"labels":{"commit_sha":"abc","first_commit_at":"{{{At(-90)}}}"}}""";
        return
        [
            deployed,
            $$$"""{"@timestamp":"{{{At(1)}}}","event":{"id":"dep-2","action":"deployment","outcome":"success"},"service":{"name":"not-in-catalog","environment":"production"}}""",
            $$$"""{"@timestamp":"{{{At(2)}}}","event":{"id":"dep-3","action":"deployment","outcome":"sucess"},"service":{"name":"checkout","environment":"production"}}""",
            $$$"""{"@timestamp":"{{{At(3)}}}","event":{"id":"inc-1","action":"incident","start":"{{{At(3)}}}","end":"{{{At(-3)}}}"},"service":{"name":"checkout"},"labels":{"incident_id":"INC-1"}}""",
            $$$"""{"@timestamp":"{{{At(4)}}}","event":{"id":"inc-2","action":"incident","start":"{{{At(4)}}}","end":"yesterday"},"service":{"name":"checkout"},"labels":{"incident_id":"INC-2"}}""",
            $$$"""{"@timestamp":"{{{At(5)}}}","event":{"id":"build-1","action":"build","outcome":"success","duration":"slow"},"service":{"name":"checkout"}}""",
            $$$"""{"@timestamp":"{{{At(6)}}}","log":{"level":"error"},"service":{"name":"not-in-catalog"},"message":"a log line of a service outside the catalog is kept"}""",
            deployed,
            $$$"""{"@timestamp":"{{{At(7)}}}","event":{"id":"inc-3","action":"incident","start":"{{{At(7)}}}","end":"{{{At(20)}}}"},"service":{"name":"checkout"},"labels":{"incident_id":"INC-3"}}""",
        ];
    }

    private static string Reasons(Dictionary<string, long> reasons) =>
        string.Join(", ", reasons.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"));
}
