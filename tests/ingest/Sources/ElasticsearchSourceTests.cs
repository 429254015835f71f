using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Ingest.Sources;
using Platform.Insights.Ingest.Tests.Support;
using Prometheus;

namespace Platform.Insights.Ingest.Tests.Sources;

public sealed class ElasticsearchSourceTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2024-03-01T12:00:00Z", CultureInfo.InvariantCulture);
    private static readonly DateTimeOffset First = Now.AddMinutes(-50);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly InMemoryEventPullStore _store = new();
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();

    [Fact]
    public async Task Pages_through_every_document_of_the_window_with_one_point_in_time_and_search_after()
    {
        await using var es = new FakeElasticsearch();
        AddDocuments(es, 2_500);
        var source = Source(es.Url);

        var result = await source.PullAsync(Logs(), null, null, CancellationToken.None);

        Assert.Equal(PullOutcome.Pulled, result.Outcome);
        Assert.Equal((2_500L, 2_500L, 0L, 0L), (result.Received, result.Stored, result.Duplicates, result.Invalid));
        Assert.Equal(26, result.Pages);
        Assert.Single(es.Requests, r => r.Operation == "open_pit");
        Assert.Equal("/logs-*/_pit", es.Requests[0].Path);
        Assert.Contains("keep_alive=", es.Requests[0].Query, StringComparison.Ordinal);
        Assert.Single(es.Requests, r => r.Operation == "close_pit");
        var searches = es.Searches.Select(s => JsonNode.Parse(s.Body)!).ToList();
        Assert.Null(searches[0]["search_after"]);
        Assert.All(searches, s => Assert.Equal(100, s["size"]!.GetValue<int>()));
        Assert.Equal("[{\"@timestamp\":{\"order\":\"asc\"}},{\"_shard_doc\":{\"order\":\"asc\"}}]", searches[0]["sort"]!.ToJsonString());
        // Each page continues after the last sort values of the one before.
        Assert.Equal($"[{Ms(First.AddSeconds(99))},99]", searches[1]["search_after"]!.ToJsonString());
        Assert.Equal($"[{Ms(First.AddSeconds(2_499))},2499]", searches[^1]["search_after"]!.ToJsonString());
        var events = _store.Events.Select(e => e.Event).ToList();
        Assert.Equal(Enumerable.Range(0, 2_500).Select(i => $"e{i:D5}"), events.Select(e => e.EventId));
        Assert.Equal(("checkout", "production", "deployment"), (events[0].Service, events[0].Environment, events[0].Action));
        var checkpoint = _store.Checkpoint("logs")!;
        Assert.True(checkpoint.Complete);
        Assert.Equal((Now.AddHours(-1), Now.AddMinutes(-2)), (checkpoint.From, checkpoint.To));
        Assert.Equal(Now.AddMinutes(-2), result.Checkpoint);
        var exported = await Exported();
        Assert.Contains("insights_elasticsearch_pull_documents_received_total{source=\"logs\"} 2500", exported, StringComparison.Ordinal);
        Assert.Contains("insights_elasticsearch_pull_documents_stored_total{source=\"logs\"} 2500", exported, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_window_is_a_range_on_the_timestamp_from_the_checkpoint_to_now_minus_the_lag()
    {
        await using var es = new FakeElasticsearch();
        AddDocuments(es, 10);
        await Source(es.Url).PullAsync(Logs(), null, null, CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(5));
        es.Add("logs-a", "late", Document("late", Now.AddMinutes(1)));
        var next = await Source(es.Url).PullAsync(Logs(), null, null, CancellationToken.None);
        var nothing = await Source(es.Url).PullAsync(Logs(), null, null, CancellationToken.None);

        var range = JsonNode.Parse(es.Searches[^1].Body)!["query"]!["bool"]!["filter"]!["range"]!["@timestamp"]!;
        Assert.Equal(("2024-03-01T11:58:00.000Z", "2024-03-01T12:03:00.000Z"), (range["gte"]!.GetValue<string>(), range["lt"]!.GetValue<string>()));
        Assert.Equal((PullOutcome.Pulled, 1L), (next.Outcome, next.Stored));
        Assert.Equal(PullOutcome.UpToDate, nothing.Outcome);
        Assert.Equal(11, _store.Events.Count);
    }

    [Fact]
    public async Task A_restarted_source_resumes_exactly_after_the_last_stored_document_with_a_field_tiebreaker()
    {
        await using var es = new FakeElasticsearch();
        AddDocuments(es, 1_000, sameSecond: 4);
        var logs = Logs(tiebreaker: "event.id");
        _store.FailNextStores = 0;
        var stopping = new CancellationTokenSource();
        var pages = 0;
        var progress = new SyncProgress(_ =>
        {
            if (++pages == 3)
            {
                stopping.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Source(es.Url).PullAsync(logs, null, progress, stopping.Token));
        var saved = _store.Checkpoint("logs")!;
        var restarted = await Source(es.Url).PullAsync(logs, null, null, CancellationToken.None);

        Assert.False(saved.Complete);
        Assert.Equal(300, _store.Events.Count - restarted.Stored);
        var resumed = JsonNode.Parse(es.Searches[3].Body)!;
        Assert.Equal(saved.SearchAfter, resumed["search_after"]!.ToJsonString());
        Assert.Equal($"[{Ms(First.AddSeconds(74))},\"e00299\"]", saved.SearchAfter);
        Assert.Equal((700L, 700L, 0L), (restarted.Received, restarted.Stored, restarted.Duplicates));
        Assert.Equal(1_000, _store.Events.Select(e => e.Event.EventId).Distinct().Count());
        Assert.True(_store.Checkpoint("logs")!.Complete);
    }

    [Fact]
    public async Task A_restart_with_the_shard_doc_tiebreaker_rereads_only_the_last_timestamp_and_stores_nothing_twice()
    {
        await using var es = new FakeElasticsearch();
        AddDocuments(es, 1_000, sameSecond: 4);
        var stopping = new CancellationTokenSource();
        var pages = 0;
        var progress = new SyncProgress(_ =>
        {
            if (++pages == 3)
            {
                stopping.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Source(es.Url).PullAsync(Logs(), null, progress, stopping.Token));
        var restarted = await Source(es.Url).PullAsync(Logs(), null, null, CancellationToken.None);

        // Documents 296..299 share the last stored timestamp: they are asked for again and dropped as duplicates.
        Assert.Equal($"[{Ms(First.AddSeconds(74))},-1]", JsonNode.Parse(es.Searches[3].Body)!["search_after"]!.ToJsonString());
        Assert.Equal((704L, 700L, 4L), (restarted.Received, restarted.Stored, restarted.Duplicates));
        Assert.Equal(1_000, _store.Events.Count);
    }

    [Fact]
    public async Task An_expired_point_in_time_is_opened_again_and_the_window_continues_after_the_last_stored_document()
    {
        await using var es = new FakeElasticsearch();
        AddDocuments(es, 500);
        var pages = 0;
        var progress = new SyncProgress(_ =>
        {
            if (++pages == 2)
            {
                es.ExpirePointsInTime();
            }
        });

        var result = await Source(es.Url).PullAsync(Logs(tiebreaker: "event.id"), null, progress, CancellationToken.None);

        Assert.Equal((PullOutcome.Pulled, 1, 500L, 0L), (result.Outcome, result.PointInTimeReopened, result.Stored, result.Duplicates));
        Assert.Equal(2, es.Requests.Count(r => r.Operation == "open_pit"));
        var afterExpiry = es.Searches.Skip(2).Select(s => JsonNode.Parse(s.Body)!).ToList();
        Assert.Equal(afterExpiry[0]["search_after"]!.ToJsonString(), afterExpiry[1]["search_after"]!.ToJsonString());
        Assert.Equal("pit-2|logs-*", afterExpiry[1]["pit"]!["id"]!.GetValue<string>());
        Assert.Contains("insights_elasticsearch_pull_pit_reopened_total{source=\"logs\"} 1", await Exported(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_5xx_is_retried_with_backoff_and_the_pull_completes()
    {
        await using var es = new FakeElasticsearch();
        AddDocuments(es, 150);
        es.Script("search", 503, FakeElasticsearch.Error(503, "cluster_block_exception", "blocked by: [SERVICE_UNAVAILABLE/2/no master]"));
        es.Script("search", 502, "<html>bad gateway</html>");

        var result = await Source(es.Url).PullAsync(Logs(), null, null, CancellationToken.None);

        Assert.True(result.Outcome == PullOutcome.Pulled, result.Error);
        Assert.Equal(150L, result.Stored);
        Assert.Equal(4, es.Searches.Count);
        Assert.Contains("insights_elasticsearch_pull_retries_total 2", await Exported(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retries_that_run_out_fail_the_pull_and_degrade_the_status_while_the_checkpoint_keeps_what_was_stored()
    {
        await using var es = new FakeElasticsearch();
        AddDocuments(es, 250);
        var status = new ElasticsearchPullStatus();
        var source = Source(es.Url, status: status);
        var pages = 0;
        var progress = new SyncProgress(_ =>
        {
            if (++pages == 1)
            {
                for (var i = 0; i < 3; i++)
                {
                    es.Script("search", 500, FakeElasticsearch.Error(500, "internal_server_error", "boom"));
                }
            }
        });

        var failed = await source.PullAsync(Logs(), null, progress, CancellationToken.None);
        var degraded = status.Problems;
        var again = await source.PullAsync(Logs(), null, null, CancellationToken.None);

        Assert.Equal(PullOutcome.Failed, failed.Outcome);
        Assert.Contains("500 internal_server_error: boom", failed.Error, StringComparison.Ordinal);
        Assert.Equal("logs: " + failed.Error, Assert.Single(degraded));
        // The next pull finishes the window on a new point in time: the last stored timestamp's one document comes again.
        Assert.Equal((100L, 150L, 1L), (failed.Stored, again.Stored, again.Duplicates));
        Assert.Equal(250, _store.Events.Count);
        Assert.Empty(status.Problems);
        Assert.Contains("insights_elasticsearch_pull_errors_total{source=\"logs\",reason=\"server_error\"} 1", await Exported(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_401_fails_at_once_with_a_message_naming_the_credentials_settings()
    {
        await using var es = new FakeElasticsearch { RequiredAuthorization = "ApiKey right-key" };
        AddDocuments(es, 10);
        var status = new ElasticsearchPullStatus();

        var result = await Source(es.Url, o => o.ApiKey = "wrong-key", status).PullAsync(Logs(), null, null, CancellationToken.None);

        Assert.Equal(PullOutcome.Failed, result.Outcome);
        Assert.Contains("refused the credentials (401 security_exception: unable to authenticate user [ingest]", result.Error, StringComparison.Ordinal);
        Assert.Contains("Insights:Ingest:Elasticsearch:ApiKey or Username/Password", result.Error, StringComparison.Ordinal);
        Assert.Equal("ApiKey wrong-key", Assert.Single(es.Requests).Authorization);
        Assert.Single(status.Problems);
        Assert.Contains("insights_elasticsearch_pull_errors_total{source=\"logs\",reason=\"unauthorized\"} 1", await Exported(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_key_and_basic_credentials_are_sent_as_configured()
    {
        await using var es = new FakeElasticsearch { RequiredAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ingest:s3cret")) };
        AddDocuments(es, 10);

        var basic = await Source(es.Url, o => (o.Username, o.Password) = ("ingest", "s3cret")).PullAsync(Logs(), null, null, CancellationToken.None);
        es.RequiredAuthorization = "ApiKey a2V5OnNlY3JldA==";
        var apiKey = await Source(es.Url, o => o.ApiKey = "a2V5OnNlY3JldA==").PullAsync(Logs(), new PullWindow(First, Now), null, CancellationToken.None);

        Assert.Equal((PullOutcome.Pulled, 10L), (basic.Outcome, basic.Stored));
        Assert.Equal((PullOutcome.Pulled, 10L, 10L), (apiKey.Outcome, apiKey.Received, apiKey.Duplicates));
    }

    [Fact]
    public async Task A_page_with_failed_shards_is_counted_and_asked_again_never_stored_in_part()
    {
        await using var es = new FakeElasticsearch();
        AddDocuments(es, 250);
        var pages = 0;
        var progress = new SyncProgress(_ =>
        {
            if (++pages == 1)
            {
                es.Script("search", 200, FakeElasticsearch.ShardFailure("pit-1|logs-*"));
            }
        });

        var result = await Source(es.Url).PullAsync(Logs(), null, progress, CancellationToken.None);

        Assert.Equal((PullOutcome.Pulled, 1, 250L, 0L), (result.Outcome, result.ShardFailures, result.Stored, result.Duplicates));
        Assert.Equal(es.Searches[1].Body, es.Searches[2].Body);
        var exported = await Exported();
        Assert.Contains("insights_elasticsearch_pull_shard_failures_total{source=\"logs\"} 1", exported, StringComparison.Ordinal);
        Assert.Contains("insights_elasticsearch_pull_retries_total 1", exported, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shards_that_keep_failing_fail_the_pull_naming_the_shard_and_the_checkpoint_stays_at_the_last_whole_page()
    {
        await using var es = new FakeElasticsearch();
        AddDocuments(es, 250);
        var pages = 0;
        var progress = new SyncProgress(_ =>
        {
            if (++pages == 1)
            {
                for (var i = 0; i < 3; i++)
                {
                    es.Script("search", 200, FakeElasticsearch.ShardFailure("pit-1|logs-*"));
                }
            }
        });

        var result = await Source(es.Url).PullAsync(Logs(), null, progress, CancellationToken.None);

        Assert.Equal((PullOutcome.Failed, 3, 100L), (result.Outcome, result.ShardFailures, result.Stored));
        Assert.Contains("1 of 3 shards failed (logs-a[1]: node_not_connected_exception", result.Error, StringComparison.Ordinal);
        Assert.Equal($"[{Ms(First.AddSeconds(99))},99]", _store.Checkpoint("logs")!.SearchAfter);
        Assert.Contains("insights_elasticsearch_pull_errors_total{source=\"logs\",reason=\"shard_failure\"} 1", await Exported(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Documents_that_are_not_events_are_counted_and_named_while_the_rest_of_the_page_is_stored()
    {
        await using var es = new FakeElasticsearch();
        AddDocuments(es, 5);
        es.Add("logs-b", "bad-1", $$$"""{"@timestamp":"{{{First.AddSeconds(10):O}}}","event":{"duration":"long"}}""");

        var result = await Source(es.Url).PullAsync(Logs(), null, null, CancellationToken.None);

        Assert.Equal((6L, 5L, 1L), (result.Received, result.Stored, result.Invalid));
        var error = Assert.Single(result.Errors);
        Assert.Equal(("logs:logs-b/bad-1", 6L, "event.duration must be a number of nanoseconds"), (error.File, error.Line, error.Message));
        Assert.Contains("insights_elasticsearch_pull_documents_dropped_total{source=\"logs\",reason=\"invalid\"} 1", await Exported(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Documents_breaking_the_delivery_event_rules_are_dropped_per_reason_as_the_file_import_drops_them()
    {
        await using var es = new FakeElasticsearch();
        AddDocuments(es, 3);
        string At(int s) => First.AddSeconds(s).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        string[] breaking =
        [
            $$$"""{"@timestamp":"{{{At(10)}}}","event":{"id":"x1","action":"deployment","outcome":"success"},"service":{"name":"not-in-catalog"}}""",
            $$$"""{"@timestamp":"{{{At(11)}}}","event":{"id":"x2","action":"deployment","outcome":"sucess"},"service":{"name":"checkout"}}""",
            $$$"""{"@timestamp":"{{{At(12)}}}","event":{"id":"x3","action":"incident","start":"{{{At(12)}}}","end":"{{{At(2)}}}"},"service":{"name":"checkout"}}""",
            $$$"""{"@timestamp":"{{{At(13)}}}","event":{"id":"x4"},"service":{"name":"not-in-catalog"},"message":"kept: only deployments need a catalog service"}""",
        ];
        for (var i = 0; i < breaking.Length; i++)
        {
            es.Add("logs-b", $"x{i}", breaking[i]);
        }
        var lines = string.Join('\n', Enumerable.Range(0, 3).Select(i => Document($"e{i:D5}", First.AddSeconds(i))).Concat(breaking));
        var fileRules = new Platform.Insights.Ingest.Parsers.DeliveryEventRules(new HashSet<string>(["checkout"]));
        var fileReasons = Platform.Insights.Ingest.Parsers.EcsNdjsonParser.Parse(new StringReader(lines), "same.ndjson", fileRules)
            .Where(r => r.Error is not null).GroupBy(r => r.Error!.Reason).ToDictionary(g => g.Key, g => (long)g.Count());

        var result = await Source(es.Url, catalog: new FixedCatalog("checkout")).PullAsync(Logs(), null, null, CancellationToken.None);

        Assert.Equal((7L, 4L, 3L), (result.Received, result.Stored, result.Invalid));
        Assert.Equal(fileReasons, result.RejectedByReason);
        Assert.Equal(["service_not_in_catalog", "unknown_outcome", "ends_before_start"], result.Errors.Select(e => e.Reason));
        Assert.Equal(["e00000", "e00001", "e00002", "x4"], _store.Events.Select(e => e.Event.EventId));
        var exported = await Exported();
        foreach (var reason in new[] { "service_not_in_catalog", "unknown_outcome", "ends_before_start" })
        {
            Assert.Contains($"insights_ingest_dropped_total{{kind=\"logs\",reason=\"{reason}\"}} 1", exported, StringComparison.Ordinal);
            Assert.Contains($"insights_elasticsearch_pull_documents_dropped_total{{source=\"logs\",reason=\"{reason}\"}} 1", exported, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Configured_field_names_map_documents_onto_the_same_event_rows()
    {
        await using var es = new FakeElasticsearch();
        es.Add("apps", "1", """{"@timestamp":"2024-03-01T11:30:00Z","ts":"2024-03-01T11:20:00Z","app":"search","msg":"boom","service":{"name":"ignored"},"tags":{"team":"core"}}""");
        var logs = Logs();
        logs.IndexPatterns = ["apps"];
        logs.Fields.Timestamp = "ts";
        logs.Fields.ServiceName = "app";
        logs.Fields.Message = "msg";
        logs.Fields.Labels = "tags";

        var result = await Source(es.Url).PullAsync(logs, null, null, CancellationToken.None);

        Assert.True(result.Outcome == PullOutcome.Pulled, result.Error);
        Assert.Equal(1L, result.Stored);
        var stored = Assert.Single(_store.Events);
        Assert.Equal(("search", "search", "boom", "{\"team\":\"core\"}"), (stored.Service, stored.Event.Service, stored.Event.Message, stored.Event.LabelsJson));
        Assert.Equal(DateTimeOffset.Parse("2024-03-01T11:20:00Z", CultureInfo.InvariantCulture), stored.Event.Timestamp);
        Assert.Contains("\"range\":{\"ts\":", es.Searches[0].Body, StringComparison.Ordinal);
    }

    private static void AddDocuments(FakeElasticsearch es, int count, int sameSecond = 1)
    {
        for (var i = 0; i < count; i++)
        {
            var index = i % 2 == 0 ? "logs-a" : "logs-b";
            es.Add(index, $"id{i}", Document($"e{i:D5}", First.AddSeconds(i / sameSecond)));
        }
    }

    private static string Document(string id, DateTimeOffset at) =>
        $$"""{"@timestamp":"{{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}","event":{"id":"{{id}}","action":"deployment","outcome":"success"},"service":{"name":"checkout","environment":"production"},"message":"deployed"}""";

    [Fact]
    public async Task A_source_whose_pull_lock_another_silo_holds_is_skipped_and_counted_by_source_and_reason()
    {
        await using var es = new FakeElasticsearch();
        var source = ElasticsearchTestSources.Create(es.Url, _store, _registry, _time, locks: new HeldElsewhere("elasticsearch:logs"));

        var results = await source.PullAllAsync(CancellationToken.None);

        Assert.Empty(results);
        Assert.Contains("insights_pull_skipped_total{source=\"elasticsearch:logs\",reason=\"held_elsewhere\"} 1", await Exported(), StringComparison.Ordinal);
    }

    private static ElasticsearchSourceOptions Logs(string tiebreaker = "_shard_doc") => ElasticsearchTestSources.Logs(tiebreaker);

    private ElasticsearchSource Source(string url, Action<ElasticsearchPullOptions>? configure = null, ElasticsearchPullStatus? status = null, FixedCatalog? catalog = null) =>
        ElasticsearchTestSources.Create(url, _store, _registry, _time, configure, status, catalog);

    private async Task<string> Exported()
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>Reports synchronously, on the pull's own thread, between pages.</summary>
    private sealed class SyncProgress(Action<ElasticsearchPullResult> report) : IProgress<ElasticsearchPullResult>
    {
        public void Report(ElasticsearchPullResult value) => report(value);
    }
}
