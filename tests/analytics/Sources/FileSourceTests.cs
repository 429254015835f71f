using System.IO.Compression;
using System.Text;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Analytics.Tests.Sources;

/// <summary>Files through the sources, the grains and the store writer of a running silo.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class FileSourceTests(ClusterFixture fixture)
{
    private static readonly long T0 = new DateTimeOffset(2024, 9, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private InsightsCluster Cluster => fixture.Cluster;

    private OpenMetricsFileSource Metrics => Cluster.Get<OpenMetricsFileSource>();

    private EcsNdjsonFileSource Logs => Cluster.Get<EcsNdjsonFileSource>();

    private FocusCsvFileSource Billing => Cluster.Get<FocusCsvFileSource>();

    private static readonly FileImportOptions Lenient = new();

    private static readonly FileImportOptions Strict = new() { Strict = true };

    private string Write(string name, string content)
    {
        var path = fixture.Files.File($"{Guid.NewGuid():N}-{name}");
        File.WriteAllText(path, content);
        return path;
    }

    private static string Sample(string service, int minute, double value = 1, string metric = "http_requests_total", string instance = "a") =>
        $"{metric}{{service=\"{service}\",instance=\"{instance}\"}} {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} {T0 + (minute * 60_000L)}";

    private static string Samples(string service, IEnumerable<int> minutes) =>
        "# TYPE http_requests_total counter\n" + string.Join("\n", minutes.Select(m => Sample(service, m, m))) + "\n";

    private long SamplesOf(string service) => Sql.SamplesOf(Cluster.Database, service);

    private object?[] Ledger(string importId) =>
        Assert.Single(Sql.Rows(Cluster.Database, "SELECT kind, status, rows_read, rows_stored, duplicates, rejected FROM imports WHERE import_id = $i", ("i", importId)));

    [Fact]
    public async Task A_metrics_file_stores_each_new_sample_once_with_exact_counts()
    {
        var service = Names.Unique("om");
        var path = Write("metrics.prom", string.Join("\n",
            "# HELP http_requests_total Requests.",
            "# TYPE http_requests_total counter",
            Sample(service, 1, 10),
            Sample(service, 2, 20),
            Sample(service, 2, 20), // the same sample twice
            Sample(service, 1, 5, instance: "b"),
            Sample(service, 3, 1, metric: "probe_success"),
            "# EOF") + "\n");

        var summary = await Metrics.ImportAsync(path, Lenient, CancellationToken.None);

        Assert.Equal(ImportOutcome.Imported, summary.Outcome);
        Assert.Equal((5L, 4L, 1L, 0L), (summary.Read, summary.Stored, summary.Duplicates, summary.Rejected));
        Assert.Empty(summary.Errors);
        Assert.Equal(4L, SamplesOf(service));
        Assert.Equal(3L, Sql.Count(Cluster.Database, "SELECT count(*) FROM metric_series WHERE service = $s", ("s", service)));
        Assert.Equal(["metrics", "done", 5L, 4L, 1L, 0L], Ledger(summary.ImportId));
        Assert.True((await Cluster.Client.GetGrain<IServiceGrain>(service).GetStatusAsync()).Up);
    }

    [Fact]
    public async Task Importing_the_same_content_again_under_any_name_stores_nothing()
    {
        var service = Names.Unique("again");
        var path = Write("metrics.prom", Samples(service, [1, 2, 3]));
        var first = await Metrics.ImportAsync(path, Lenient, CancellationToken.None);
        var renamed = fixture.Files.File($"{Guid.NewGuid():N}-renamed.txt");
        File.Copy(path, renamed);

        var again = await Metrics.ImportAsync(path, Lenient, CancellationToken.None);
        var copy = await Metrics.ImportAsync(renamed, Lenient, CancellationToken.None);

        Assert.Equal(ImportOutcome.Imported, first.Outcome);
        Assert.Equal(3L, first.Stored);
        foreach (var repeat in new[] { again, copy })
        {
            Assert.Equal(ImportOutcome.AlreadyImported, repeat.Outcome);
            Assert.Equal(first.ImportId, repeat.ImportId);
            Assert.Equal((0L, 0L, 0L, 0L), (repeat.Read, repeat.Stored, repeat.Duplicates, repeat.Rejected));
            Assert.Contains(Path.GetFullPath(path), repeat.Message, StringComparison.Ordinal);
            Assert.Contains("3 stored then", repeat.Message, StringComparison.Ordinal);
        }
        Assert.Equal(3L, SamplesOf(service));
        Assert.Equal(["metrics", "done", 3L, 3L, 0L, 0L], Ledger(first.ImportId));
    }

    [Fact]
    public async Task An_overlapping_file_stores_only_the_new_samples()
    {
        var service = Names.Unique("overlap");
        var first = await Metrics.ImportAsync(Write("day1.prom", Samples(service, [1, 2, 3, 4, 5])), Lenient, CancellationToken.None);

        var second = await Metrics.ImportAsync(Write("day1-again.prom", Samples(service, [3, 4, 5, 6, 7, 8])), Lenient, CancellationToken.None);

        Assert.Equal(5L, first.Stored);
        Assert.Equal(ImportOutcome.Imported, second.Outcome);
        Assert.Equal((6L, 3L, 3L), (second.Read, second.Stored, second.Duplicates));
        Assert.Equal(8L, SamplesOf(service));
        Assert.Equal(8L, Sql.Count(Cluster.Database, "SELECT count(DISTINCT ts) FROM metric_samples WHERE service = $s", ("s", service)));
    }

    [Fact]
    public async Task A_bad_line_is_reported_by_file_and_line_and_the_good_lines_are_imported()
    {
        var service = Names.Unique("bad");
        var path = Write("bad.prom", string.Join("\n", Sample(service, 1), Sample(service, 2), "http_requests_total{service=\"x\"} not-a-number", Sample(service, 3)) + "\n");

        var summary = await Metrics.ImportAsync(path, Lenient, CancellationToken.None);

        Assert.Equal(ImportOutcome.Imported, summary.Outcome);
        Assert.Equal((4L, 3L, 0L, 1L), (summary.Read, summary.Stored, summary.Duplicates, summary.Rejected));
        var error = Assert.Single(summary.Errors);
        Assert.Equal(path, error.File);
        Assert.Equal(3L, error.Line);
        Assert.StartsWith($"{path}:3: ", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(3L, SamplesOf(service));
        Assert.Equal(["metrics", "done", 4L, 3L, 0L, 1L], Ledger(summary.ImportId));
    }

    [Fact]
    public async Task Strict_mode_stores_nothing_from_a_file_with_a_bad_line()
    {
        var service = Names.Unique("strict");
        var path = Write("strict.prom", string.Join("\n", Sample(service, 1), "garbage line here", Sample(service, 2)) + "\n");

        var strict = await Metrics.ImportAsync(path, Strict, CancellationToken.None);

        Assert.Equal(ImportOutcome.RejectedStrict, strict.Outcome);
        Assert.Equal((3L, 0L, 1L), (strict.Read, strict.Stored, strict.Rejected));
        Assert.Equal(2L, Assert.Single(strict.Errors).Line);
        Assert.Equal(0L, SamplesOf(service));
        Assert.Equal("failed", Ledger(strict.ImportId)[1]);

        // A strict rejection is not an import: the same file may be imported leniently afterwards.
        var lenient = await Metrics.ImportAsync(path, Lenient, CancellationToken.None);
        Assert.Equal(ImportOutcome.Imported, lenient.Outcome);
        Assert.Equal(2L, SamplesOf(service));
    }

    [Fact]
    public async Task Gzip_input_is_read_by_its_content_not_its_name()
    {
        var service = Names.Unique("gz");
        var path = fixture.Files.File($"{Guid.NewGuid():N}-metrics.prom");
        await using (var file = File.Create(path))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(Samples(service, Enumerable.Range(1, 50))));
        }

        var summary = await Metrics.ImportAsync(path, Lenient, CancellationToken.None);

        Assert.Equal(ImportOutcome.Imported, summary.Outcome);
        Assert.Equal((50L, 50L, 0L), (summary.Read, summary.Stored, summary.Rejected));
        Assert.Equal(50L, SamplesOf(service));
    }

    [Fact]
    public async Task A_metrics_file_spanning_services_is_routed_by_the_service_label()
    {
        var a = Names.Unique("route-a");
        var b = Names.Unique("route-b");
        var path = Write("mixed.prom", string.Join("\n", Sample(a, 1), Sample(b, 1), Sample(b, 2), $"up{{job=\"{b}-job\"}} 1 {T0}", $"up{{instance=\"{a}\"}} 1 {T0}") + "\n");

        var summary = await Metrics.ImportAsync(path, Lenient, CancellationToken.None);

        Assert.Equal(5L, summary.Stored);
        Assert.Equal(1L, SamplesOf(a));
        Assert.Equal(2L, SamplesOf(b));
        Assert.Equal(1L, SamplesOf($"{b}-job"));
        Assert.True(SamplesOf(ServiceRouting.Unmapped) >= 1);
    }

    private static string Ecs(string id, string service, int minute, string extra = "") =>
        $$"""{"@timestamp":"2024-09-01T00:{{minute:00}}:00Z","event":{"id":"{{id}}"{{extra}}},"service":{"name":"{{service}}"},"message":"m {{id}}"}""";

    [Fact]
    public async Task A_log_file_stores_each_event_once_and_reports_bad_lines()
    {
        var service = Names.Unique("ecs");
        // The deployment must be of a catalog service: another test of this shared store may have loaded a catalog.
        await CatalogAsync(service);
        var path = Write("events.ndjson", string.Join("\n",
            Ecs($"{service}-1", service, 1),
            Ecs($"{service}-2", service, 2, ""","action":"deployment","outcome":"success" """),
            "",
            "{not json",
            Ecs($"{service}-1", service, 1),
            Ecs($"{service}-3", service, 3)) + "\n");

        var summary = await Logs.ImportAsync(path, Lenient, CancellationToken.None);

        Assert.Equal(ImportOutcome.Imported, summary.Outcome);
        Assert.Equal((5L, 3L, 1L, 1L), (summary.Read, summary.Stored, summary.Duplicates, summary.Rejected));
        Assert.Equal(4L, Assert.Single(summary.Errors).Line);
        Assert.Equal(3L, Sql.EventsOf(Cluster.Database, service));
        Assert.Equal(["logs", "done", 5L, 3L, 1L, 1L], Ledger(summary.ImportId));
        var status = await Cluster.Client.GetGrain<IServiceGrain>(service).GetStatusAsync();
        Assert.Equal(new DateTimeOffset(2024, 9, 1, 0, 2, 0, TimeSpan.Zero), status.LastDeployment?.At);

        var again = await Logs.ImportAsync(path, Lenient, CancellationToken.None);
        Assert.Equal(ImportOutcome.AlreadyImported, again.Outcome);
        var overlapping = await Logs.ImportAsync(Write("more.ndjson", Ecs($"{service}-3", service, 3) + "\n" + Ecs($"{service}-4", service, 4) + "\n"), Lenient, CancellationToken.None);
        Assert.Equal((2L, 1L, 1L), (overlapping.Read, overlapping.Stored, overlapping.Duplicates));
        Assert.Equal(4L, Sql.EventsOf(Cluster.Database, service));
    }

    [Fact]
    public async Task A_log_file_of_two_concatenated_gzip_members_imports_the_events_of_both()
    {
        var service = Names.Unique("ecs-gz");
        static byte[] Gzip(string text)
        {
            using var output = new MemoryStream();
            using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            {
                gzip.Write(Encoding.UTF8.GetBytes(text));
            }
            return output.ToArray();
        }
        // As `cat monday.ndjson.gz tuesday.ndjson.gz > week.ndjson.gz` makes it.
        var path = fixture.Files.File($"{Guid.NewGuid():N}-week.ndjson.gz");
        await File.WriteAllBytesAsync(path, [
            .. Gzip(string.Join("\n", Enumerable.Range(1, 30).Select(m => Ecs($"{service}-{m}", service, m))) + "\n"),
            .. Gzip(Ecs($"{service}-31", service, 31) + "\n"),
        ]);

        var summary = await Logs.ImportAsync(path, Lenient, CancellationToken.None);

        Assert.Equal(ImportOutcome.Imported, summary.Outcome);
        Assert.Equal((31L, 31L, 0L), (summary.Read, summary.Stored, summary.Rejected));
        Assert.Equal(31L, Sql.EventsOf(Cluster.Database, service));
    }

    private async Task CatalogAsync(params string[] services)
    {
        var file = $"/catalog/{services[0]}.yaml";
        var saved = await Cluster.Get<Platform.Insights.Analytics.Catalog.CatalogStore>().SaveAsync([file], [], [],
            [.. services.Select(s => new Platform.Insights.Ingest.Catalog.CatalogComponent { Name = s, OwnerRef = "group:default/delivery", Team = "delivery", Type = "service", SourceFile = file, Line = 1 })],
            CancellationToken.None);
        Assert.True(saved.Saved);
    }

    [Fact]
    public async Task Bad_delivery_events_are_counted_per_reason_never_stored_and_a_replay_counts_nothing_twice()
    {
        var service = Names.Unique("delivery");
        var stranger = Names.Unique("not-in-catalog");
        await CatalogAsync(service);
        var path = Write("delivery.ndjson", string.Join("\n",
            Ecs($"{service}-ok", service, 1, ""","action":"deployment","outcome":"success" """),
            Ecs($"{service}-odd", service, 2, ""","action":"deployment","outcome":"succeeded" """),
            Ecs($"{service}-inc", service, 3, ""","action":"incident","start":"2024-09-01T00:10:00Z","end":"2024-09-01T00:05:00Z" """),
            Ecs($"{stranger}-dep", stranger, 4, ""","action":"deployment","outcome":"success" """),
            Ecs($"{stranger}-log", stranger, 4),
            $$$"""{"@timestamp":"yesterday","event":{"id":"{{{service}}}-t"},"service":{"name":"{{{service}}}"}}""",
            $$$"""{"event":{"id":"{{{service}}}-m"},"service":{"name":"{{{service}}}"}}""",
            Ecs($"{service}-ok", service, 1, ""","action":"deployment","outcome":"success" """)) + "\n");

        var summary = await Logs.ImportAsync(path, Lenient, CancellationToken.None);
        // The same events in another file (one more blank line, so another content hash): replayed, not skipped as the same file.
        var replay = await Logs.ImportAsync(Write("again.ndjson", File.ReadAllText(path) + "\n"), Lenient, CancellationToken.None);

        Assert.Equal((8L, 2L, 1L, 5L), (summary.Read, summary.Stored, summary.Duplicates, summary.Rejected));
        Assert.Equal(new Dictionary<string, long>
        {
            [DropReasons.UnknownOutcome] = 1, [DropReasons.EndsBeforeStart] = 1, [DropReasons.ServiceNotInCatalog] = 1,
            [DropReasons.BadTimestamp] = 1, [DropReasons.MissingTimestamp] = 1,
        }, summary.RejectedByReason);
        Assert.Equal((ImportOutcome.Imported, 0L, 3L, 5L), (replay.Outcome, replay.Stored, replay.Duplicates, replay.Rejected));
        Assert.Equal(1L, Sql.EventsOf(Cluster.Database, service));
        Assert.Equal(1L, Sql.EventsOf(Cluster.Database, stranger));
    }

    [Fact]
    public async Task Strict_mode_stores_no_event_from_a_log_file_with_a_bad_line()
    {
        var service = Names.Unique("ecs-strict");
        var path = Write("events.ndjson", Ecs($"{service}-1", service, 1) + "\n{\"message\":\"no timestamp\"}\n");

        var summary = await Logs.ImportAsync(path, Strict, CancellationToken.None);

        Assert.Equal(ImportOutcome.RejectedStrict, summary.Outcome);
        Assert.Equal(2L, Assert.Single(summary.Errors).Line);
        Assert.Equal(0L, Sql.EventsOf(Cluster.Database, service));
    }

    private long BillingRows(string importId) =>
        Sql.Count(Cluster.Database, "SELECT count(*) FROM focus_line_items WHERE import_id = $i", ("i", importId));

    [Fact]
    public async Task A_billing_file_is_stored_at_once_with_exact_costs()
    {
        var resource = Names.Unique("res");
        var path = Write("focus.csv", FocusCsv.File(FocusCsv.Row(0.00000080000m, resource: resource), FocusCsv.Row(12.345678901234m, resource: resource), FocusCsv.Row(3m, "EUR", resource, account: "9876543210987")));

        var summary = await Billing.ImportAsync(path, Lenient, CancellationToken.None);

        Assert.Equal(ImportOutcome.Imported, summary.Outcome);
        Assert.Equal((3L, 3L, 0L, 0L), (summary.Read, summary.Stored, summary.Duplicates, summary.Rejected));
        Assert.Equal(3L, BillingRows(summary.ImportId));
        Assert.Equal(0L, Sql.Count(Cluster.Database, "SELECT count(*) FROM focus_staging WHERE import_id = $i", ("i", summary.ImportId)));
        Assert.Equal(12.345679701234m, Sql.Scalar(Cluster.Database, "SELECT sum(BilledCost) FROM focus_line_items WHERE import_id = $i AND BillingCurrency = 'USD'", ("i", summary.ImportId)));
        Assert.Equal([2L, 3L, 4L], Sql.Rows(Cluster.Database, "SELECT source_line FROM focus_line_items WHERE import_id = $i ORDER BY 1", ("i", summary.ImportId)).Select(r => (long)r[0]!));
        Assert.Equal(["billing", "done", 3L, 3L, 0L, 0L], Ledger(summary.ImportId));
    }

    [Fact]
    public async Task A_bad_billing_row_is_skipped_and_reported_unless_strict()
    {
        var resource = Names.Unique("res");
        var path = Write("focus.csv", FocusCsv.File(FocusCsv.Row(1m, resource: resource), FocusCsv.Row(2m, resource: resource).Replace("2,2,2", "two,2,2", StringComparison.Ordinal), FocusCsv.Row(4m, resource: resource)));

        var strict = await Billing.ImportAsync(path, Strict, CancellationToken.None);
        Assert.Equal(ImportOutcome.RejectedStrict, strict.Outcome);
        Assert.Equal(0L, BillingRows(strict.ImportId));

        var lenient = await Billing.ImportAsync(path, Lenient, CancellationToken.None);
        Assert.Equal(ImportOutcome.Imported, lenient.Outcome);
        Assert.Equal((3L, 2L, 1L), (lenient.Read, lenient.Stored, lenient.Rejected));
        var error = Assert.Single(lenient.Errors);
        Assert.Equal(3L, error.Line);
        Assert.Contains("BilledCost", error.Message, StringComparison.Ordinal);
        Assert.Equal(5m, Sql.Scalar(Cluster.Database, "SELECT sum(BilledCost) FROM focus_line_items WHERE import_id = $i", ("i", lenient.ImportId)));
    }

    [Fact]
    public async Task Billing_rows_outside_their_period_or_in_a_second_currency_of_an_account_are_rejected_by_line_and_column()
    {
        var account = Names.Unique("acct");
        var outside = FocusCsv.Row(2m, account: account).Replace("\"2024-09-18 ", "\"2024-10-18 ", StringComparison.Ordinal);
        var path = Write("mixed.csv", FocusCsv.File(FocusCsv.Row(1m, account: account), outside, FocusCsv.Row(4m, "EUR", account: account)));

        var summary = await Billing.ImportAsync(path, Lenient, CancellationToken.None);

        Assert.Equal((3L, 1L, 2L), (summary.Read, summary.Stored, summary.Rejected));
        Assert.Equal([3L, 4L], summary.Errors.Select(e => e.Line));
        Assert.Contains("column ChargePeriodStart", summary.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("column BillingCurrency: EUR", summary.Errors[1].Message, StringComparison.Ordinal);
        Assert.Equal(1L, BillingRows(summary.ImportId));
    }

    [Fact]
    public async Task A_billing_file_that_cannot_be_read_fails_and_stores_nothing()
    {
        var totalBefore = Sql.Count(Cluster.Database, "SELECT count(*) FROM focus_line_items");
        var path = Write("not-focus.csv", $"Cost,Currency\n1.0,USD\n# {Guid.NewGuid()}\n");

        var failure = await Assert.ThrowsAsync<InputFormatException>(() => Billing.ImportAsync(path, Lenient, CancellationToken.None));

        // An unrecognised header is refused with the formats it could have been and what it looked like.
        Assert.Contains("FOCUS", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Cost,Currency", failure.Message, StringComparison.Ordinal);
        Assert.Equal(totalBefore, Sql.Count(Cluster.Database, "SELECT count(*) FROM focus_line_items"));
        var importId = await ContentHash.OfFileAsync(path, CancellationToken.None);
        Assert.Equal("failed", Ledger(importId)[1]);
    }

    [Fact]
    public async Task The_focus_sample_imports_all_rows_once_with_exact_totals()
    {
        var sample = Path.Combine(RepoPaths.SharedBillingData, "focus_1.0_sample_1000.csv");
        Assert.True(File.Exists(sample), $"missing {sample}");

        var summary = await Billing.ImportAsync(sample, Lenient, CancellationToken.None);

        Assert.Equal(ImportOutcome.Imported, summary.Outcome);
        Assert.Empty(summary.Errors);
        Assert.Equal((1000L, 1000L, 0L, 0L), (summary.Read, summary.Stored, summary.Duplicates, summary.Rejected));
        Assert.Equal(1000L, BillingRows(summary.ImportId));
        Assert.Equal(20.52022672899m, Sql.Scalar(Cluster.Database, "SELECT sum(BilledCost) FROM focus_line_items WHERE import_id = $i", ("i", summary.ImportId)));
        Assert.Equal(0.00000080000m, Sql.Scalar(Cluster.Database, "SELECT BilledCost FROM focus_line_items WHERE import_id = $i AND source_line = 2", ("i", summary.ImportId)));
        Assert.Equal(["USD"], Sql.Rows(Cluster.Database, "SELECT DISTINCT BillingCurrency FROM focus_line_items WHERE import_id = $i", ("i", summary.ImportId)).Select(r => r[0]));

        var again = await Billing.ImportAsync(sample, Lenient, CancellationToken.None);
        var copy = fixture.Files.File("renamed-focus.csv");
        File.Copy(sample, copy);
        var renamed = await Billing.ImportAsync(copy, Lenient, CancellationToken.None);

        Assert.Equal(ImportOutcome.AlreadyImported, again.Outcome);
        Assert.Equal(ImportOutcome.AlreadyImported, renamed.Outcome);
        Assert.Equal(1000L, BillingRows(summary.ImportId));
        Assert.Equal(1000L, Sql.Count(Cluster.Database, "SELECT count(*) FROM focus_line_items WHERE import_id IN (SELECT import_id FROM imports WHERE path LIKE '%focus_1.0_sample_1000.csv')"));
    }

    private sealed class CancelAtEnd(CancellationTokenSource cancel) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            if (value.BytesRead == value.BytesTotal)
            {
                cancel.Cancel();
            }
        }
    }

    [Fact]
    public async Task A_cancelled_import_can_be_run_again()
    {
        var service = Names.Unique("cancel");
        var path = Write("metrics.prom", Samples(service, [1, 2, 3]));
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Metrics.ImportAsync(path, new FileImportOptions { Progress = new CancelAtEnd(cancel) }, cancel.Token));
        var retry = await Metrics.ImportAsync(path, Lenient, CancellationToken.None);

        Assert.Equal(ImportOutcome.Imported, retry.Outcome);
        Assert.Equal(3L, SamplesOf(service));
        Assert.Equal(["metrics", "done", 3L, 0L, 3L, 0L], Ledger(retry.ImportId));
    }
}
