using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Uptime;
using Platform.Insights.Host.Tests.Support;
using Platform.Insights.Ingest.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// Deployment and incident events whose ECS fields are named differently (<c>Insights:Ingest:Fields:*</c> for the file
/// import and <c>POST /api/v1/logs</c>, a source's <c>Fields</c> for the Elasticsearch pull) give exactly the DORA figures
/// the same events under the ECS names give, whichever of the three ways they arrive. The four runs go in parallel.
/// </summary>
public sealed class RenamedEcsFieldsDoraTests
{
    // ECS name → the organisation's name, as configuration keys (EcsFieldNames) and as document paths.
    private static readonly (string Key, string Ecs, string Renamed)[] Renames =
    [
        ("Timestamp", "@timestamp", "time"), ("EventId", "event.id", "evt.uid"), ("ServiceName", "service.name", "app.name"),
        ("ServiceEnvironment", "service.environment", "app.env"), ("EventAction", "event.action", "evt.kind"),
        ("EventOutcome", "event.outcome", "evt.result"), ("EventStart", "event.start", "evt.begin"), ("EventEnd", "event.end", "evt.finish"),
        ("Labels", "labels", "tags"),
    ];

    [Fact]
    public async Task Renamed_fields_through_a_file_a_push_and_an_Elasticsearch_pull_give_the_dora_figures_of_the_ecs_names()
    {
        using var work = new TempDir("renamed-fields");
        var start = TimeProvider.System.GetUtcNow().AddHours(-6);
        var ecs = Events(start, renamed: false);
        var renamed = Events(start, renamed: true);
        var ecsFile = work.Write("ecs.ndjson", string.Join('\n', ecs) + "\n");
        var renamedFile = work.Write("renamed.ndjson", string.Join('\n', renamed) + "\n");
        await using var es = new FakeElasticsearch();
        for (var i = 0; i < renamed.Count; i++)
        {
            es.Add("deliveries", $"doc{i}", renamed[i], timestampField: "time");
        }
        var fields = Renames.ToDictionary(r => $"Insights__Ingest__Fields__{r.Key}", r => r.Renamed);
        var source = Renames.ToDictionary(r => $"Insights__Ingest__Elasticsearch__Sources__0__Fields__{r.Key}", r => r.Renamed);
        source["Insights__Ingest__Elasticsearch__Sources__0__Name"] = "deliveries";
        source["Insights__Ingest__Elasticsearch__Sources__0__IndexPatterns__0"] = "deliveries";

        var runs = await Task.WhenAll(
            InsightsExe.RunAsync(work.Path, ["import", "logs", ecsFile, "--data", work.Sub("ecs")]),
            InsightsExe.RunAsync(work.Path, ["import", "logs", renamedFile, "--data", work.Sub("imported")], fields),
            InsightsExe.RunAsync(work.Path, ["pull", "elasticsearch", "--data", work.Sub("pulled"), "--url", es.Url, "--format", "json"], source),
            PushAsync(work, renamed, fields));

        foreach (var run in runs)
        {
            Assert.True(run.ExitCode == 0, run.ToString());
        }
        var window = new UptimeWindow("custom", start.UtcDateTime.AddHours(-1), start.UtcDateTime.AddHours(7));
        var expected = await DoraAsync(work.Sub("ecs"), window);
        // The events make every figure: 3 deployments (lead times 1h, 2h, 3h), 2 of them followed by incidents, one open.
        Assert.Equal((3L, 2L, 3L, 2.0, 3L, 2L), (expected.Deployments, expected.FailedDeployments, expected.LeadTimeCount, expected.LeadTimeHours, expected.Incidents, expected.RestoreCount));
        foreach (var path in new[] { "imported", "pulled", "pushed" })
        {
            Assert.Equal(expected, await DoraAsync(work.Sub(path), window));
        }
    }

    private static async Task<CliResult> PushAsync(TempDir work, List<string> lines, Dictionary<string, string> fields)
    {
        await using var server = await ServerProcess.StartAsync(work.Path, work.Sub("pushed"), fields);
        using var request = server.Request(HttpMethod.Post, "/api/v1/logs", server.LocalToken);
        request.Content = new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson");
        using var pushed = await server.Http.SendAsync(request);
        var answer = await pushed.Content.ReadAsStringAsync();
        Assert.True(pushed.StatusCode == HttpStatusCode.OK, answer);
        using (var json = System.Text.Json.JsonDocument.Parse(answer))
        {
            Assert.Equal((7, 0), (json.RootElement.GetProperty("stored").GetInt32(), json.RootElement.GetProperty("rejected").GetInt32()));
        }
        return new CliResult(["POST /api/v1/logs"], await server.StopAsync(), answer, "", TimeSpan.Zero);
    }

    private static async Task<DoraRow> DoraAsync(string data, UptimeWindow window)
    {
        using var database = InsightsDatabase.Open(data, new StoreRole("test"), TimeProvider.System);
        var incidents = new IncidentQuery(database, Options.Create(new UptimeKpiOptions()));
        var dora = new DoraQuery(database, incidents, new DeliveryDataEnd(database, TimeProvider.System), Options.Create(new ProductivityOptions()));
        return (await dora.ForAsync(UptimeScope.Org, null, null, window, DoraBenchmarks.Report2023, CancellationToken.None)).Single();
    }

    /// <summary>Three production deployments of checkout, one staging one, three incidents (one still open).</summary>
    private static List<string> Events(DateTimeOffset start, bool renamed)
    {
        string At(double hours) => start.AddHours(hours).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        string Deploy(string id, double at, string environment, double lead) =>
            $$$"""{"@timestamp":"{{{At(at)}}}","event":{"id":"{{{id}}}","action":"deployment","outcome":"success"},"service":{"name":"checkout","environment":"{{{environment}}}"},"labels":{"first_commit_at":"{{{At(at - lead)}}}","pipeline":"platform"}}""";
        string Incident(string id, double begin, double? end) =>
            $$$"""{"@timestamp":"{{{At(end ?? begin)}}}","event":{"id":"{{{id}}}-e","action":"incident","start":"{{{At(begin)}}}"{{{(end is { } e ? $",\"end\":\"{At(e)}\"" : "")}}}},"service":{"name":"checkout"},"labels":{"incident_id":"{{{id}}}"}}""";
        List<string> lines =
        [
            Deploy("d1", 0, "production", 1), Deploy("d2", 2, "production", 2), Deploy("s1", 2.5, "staging", 1), Deploy("d3", 4, "production", 3),
            Incident("INC-1", 0.5, 1.5), Incident("INC-2", 4.5, 5), Incident("INC-3", 5.5, null),
        ];
        return renamed ? [.. lines.Select(Rename)] : lines;
    }

    /// <summary>The document with every ECS field moved to its configured name (nested under the dotted path).</summary>
    private static string Rename(string line)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
        var result = new System.Text.Json.Nodes.JsonObject();
        foreach (var (_, ecs, name) in Renames)
        {
            if (Take(document, ecs) is { } value)
            {
                Put(result, name, value);
            }
        }
        return result.ToJsonString();
    }

    private static System.Text.Json.Nodes.JsonNode? Take(System.Text.Json.Nodes.JsonObject document, string path)
    {
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate((System.Text.Json.Nodes.JsonObject?)document, (o, p) => o?[p] as System.Text.Json.Nodes.JsonObject);
        return parent?[parts[^1]]?.DeepClone();
    }

    private static void Put(System.Text.Json.Nodes.JsonObject target, string path, System.Text.Json.Nodes.JsonNode value)
    {
        var parts = path.Split('.');
        foreach (var part in parts[..^1])
        {
            target = (target[part] ??= new System.Text.Json.Nodes.JsonObject()).AsObject();
        }
        target[parts[^1]] = value;
    }
}
