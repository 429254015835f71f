using System.Buffers;
using System.Text;
using System.Text.Json;
using Platform.Insights.Ingest.Catalog;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Parsers.Billing;
using Platform.Insights.Ingest.Parsers.RemoteWrite;
using Platform.Insights.Ingest.Parsers.Webhooks;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Tests.Catalog.Fixtures;
using Platform.Insights.Ingest.Tests.Parsers.RemoteWrite;
using Platform.Insights.Ingest.Tests.Parsers.Webhooks;
using static Platform.Insights.Ingest.Tests.Fuzz.FuzzSeeds;

namespace Platform.Insights.Ingest.Tests.Fuzz;

/// <summary>
/// Every ingest parser as a fuzz target, fed through its public entry point the way the import and HTTP paths
/// feed it, with the exceptions its documentation allows: streaming text parsers never throw (a bad line is an
/// error record naming file and line), billing and catalog files throw <see cref="InputFormatException"/> naming
/// the file, remote write throws its two format/size exceptions, webhook bodies may fail <see cref="JsonDocument"/>
/// (the endpoint answers 400) and otherwise return a result.
/// </summary>
public static class IngestFuzzTargets
{
    public const string PromFile = "fuzz.prom";
    public const string NdjsonFile = "fuzz.ndjson";
    public const string BillingFile = "fuzz-billing.csv";
    public const string CatalogFile = "catalog-info.yaml";

    public static readonly WriteRequestLimits RemoteWriteLimits = new(MaxSeries: 1_000, MaxLabelsPerSeries: 64, MaxLabelBytes: 4096);

    /// <summary>Bigger than any fuzz input, far smaller than what a bomb declares.</summary>
    public const int MaxDecodedBytes = 1 << 20;

    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        OpenMetrics(), RemoteWriteSnappy(), RemoteWriteProtobuf(), EcsNdjson(), BillingCsv(), BillingJsonLines(), BackstageYaml(),
        GitHubWebhook(), ArgoCdWebhook(),
    ];

    public static FuzzTarget Named(string name) => All.Single(t => t.Name == name);

    public static FuzzTarget OpenMetrics() => new(
        "openmetrics",
        [
            Utf8("# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\nhttp_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\nhttp_requests_total{method=\"post\",code=\"400\"}    3 1395066363000\n"),
            Utf8("# TYPE foo histogram\nfoo_bucket{le=\"0.1\"} 8 # {trace_id=\"abc\"} 0.05 1.5e9\nfoo_bucket{le=\"+Inf\"} 17\nfoo_sum 324789.3\nfoo_count 17\nfoo_created 1520430000.123\n# EOF\n"),
            Utf8("metric_without_timestamp_and_labels 12.47\nsomething_weird{problem=\"division by zero\"} +Inf -3982045\nescaped{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9\n"),
        ],
        Tokens("{", "}", "=\"", "\",", "# EOF\n", "# TYPE ", "# HELP ", "\\\"", "\\n", "NaN", "+Inf", "-Inf", " 1e400", " # {a=\"b\"} 1 2", "\n"),
        input => Records(OpenMetricsTextParser.Parse(Text(input), PromFile, 1_700_000_000_000), PromFile),
        _ => false);

    public static FuzzTarget RemoteWriteSnappy() => new(
        "remote-write-snappy",
        [.. RemoteWriteSeeds().Select(s => Snappier.Snappy.CompressToArray(s))],
        [[0xff, 0xff, 0xff, 0xff, 0x0f], [0x00], [0x01, 0x00], [0xfe, 0xff, 0xff], [0x00, 0x00, 0x00, 0x00]],
        input => DecodeRemoteWrite(input, compressed: true),
        e => e is RemoteWriteFormatException or RemoteWriteTooLargeException);

    public static FuzzTarget RemoteWriteProtobuf() => new(
        "remote-write-protobuf",
        RemoteWriteSeeds(),
        [[0x0a], [0x12], [0x1a], [0x09], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f], [0x0b], [0x0c], [0x0d, 0, 0, 0, 0]],
        input => DecodeRemoteWrite(input, compressed: false),
        e => e is RemoteWriteFormatException or RemoteWriteTooLargeException);

    public static FuzzTarget EcsNdjson() => new(
        "ecs-ndjson",
        [
            Utf8("""{"@timestamp":"2024-05-01T10:00:00.123Z","event":{"id":"e-1","action":"deploy","outcome":"success","category":["process","web"],"start":"2024-05-01T09:59:00Z","end":"2024-05-01T10:00:00+02:00","duration":1500000000},"service":{"name":"checkout","environment":"production","version":"1.4.2"},"log":{"level":"info"},"message":"deployed","labels":{"team":"payments","ticket":42}}""" + "\n"),
            Utf8("""{"@timestamp":1714557600000,"event.id":"e-2","service.name":"search","log.level":"error","message":"boom \u0000 \ud83d\ude00","labels.region":"eu"}""" + "\n\n" + """{"@timestamp":"2024-05-01T10:00:00Z","event.duration":-1}""" + "\n"),
        ],
        Tokens("{", "}", "[", "]", "\"@timestamp\":", "\"event\":{", "\"labels\":{", "\"service.name\":", "null", "true", "1e999", "-1", "\\ud800", "\\u0000", ".", "\n"),
        input => Records(EcsNdjsonParser.Parse(Text(input), NdjsonFile), NdjsonFile),
        _ => false);

    public static FuzzTarget BillingCsv() => new(
        "billing-csv",
        [
            .. SharedHead("billing/focus_1.0_sample_1000.csv", 6), .. SharedHead("billing/aws_legacy_cur_anonymized_2023-11.csv", 6),
            .. SharedHead("billing/azure_ea_actualcost_small.csv", 6), .. SharedHead("billing/azure_ea_amortizedcost_small.csv", 6),
            .. SharedHead("billing/azure_ea_export_anonymized.csv", 6), .. FixtureHead("ingest/Parsers/Billing/Fixtures/gcp_billing_export_standard.csv", 6),
        ],
        Tokens(",", "\"", "\"\"", "\r\n", "\n", ",,,,", "{\"a\":\"b\"}", "user:team", "=HYPERLINK(\"x\")", "2024-01-01T00:00:00Z", "USD", "-0.000001", "1E+400"),
        input => Billing(input, BillingFile),
        e => e is InputFormatException f && f.File == BillingFile);

    public static FuzzTarget BillingJsonLines() => new(
        "billing-jsonl",
        [.. FixtureHead("ingest/Parsers/Billing/Fixtures/gcp_billing_export_detailed.jsonl", 4)],
        Tokens("{", "}", "[", "]", "\"labels\":[{\"key\":\"team\",\"value\":\"x\"}]", "null", "1e400", "\"cost\":", "\\u0000", "\n"),
        input => Billing(input, BillingFile),
        e => e is InputFormatException f && f.File == BillingFile);

    public static FuzzTarget BackstageYaml() => new(
        "backstage-yaml",
        [Utf8(CatalogFixtures.PaymentsTeam), Utf8(CatalogFixtures.SearchTeam), Utf8(CatalogFixtures.ComponentOwnedBy("group:payments"))],
        Tokens("---\n", "&a ", "*a", "[", "]", "{", "}", ": ", "- ", "  ", "!!binary ", "!!python/object ", "? ", "|\n", ">\n", "%YAML 1.1\n", "<<: *a\n", "\t", "'"),
        input => Catalog(input),
        e => e is InputFormatException f && f.File == CatalogFile && (f.Line is null or >= 0));

    public static FuzzTarget GitHubWebhook() => new(
        "webhook-github",
        [Utf8(WebhookPayloads.GitHubDeploymentStatus()), Utf8(WebhookPayloads.GitHubDeploymentStatus("failure", payload: "{\"firstCommitAt\":\"2024-05-01T00:00:00Z\"}", headCommitAt: "2024-05-01T00:00:00Z"))],
        Tokens("{", "}", "[", "]", "null", "\"\"", "1e400", "-1", "\"state\":\"success\"", "\\u0000"),
        input => Webhook(input, root => GitHubDeploymentStatus.Parse(root)),
        e => e is JsonException);

    public static FuzzTarget ArgoCdWebhook() => new(
        "webhook-argocd",
        [Utf8(WebhookPayloads.ArgoCd()), Utf8(WebhookPayloads.ArgoCd(phase: "Failed", environment: "prod", extra: "\"firstCommitAt\": \"2024-05-01T00:00:00Z\","))],
        Tokens("{", "}", "[", "]", "null", "\"\"", "1e400", "\\u0000", "\"phase\":\"Succeeded\""),
        input => Webhook(input, root => ArgoCdNotification.Parse(root, "production")),
        e => e is JsonException);

    public static TextReader Text(byte[] input) =>
        new StreamReader(new MemoryStream(input), new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true);

    public static void Records<T>(IEnumerable<ParsedRecord<T>> records, string file)
        where T : class
    {
        foreach (var record in records)
        {
            if (record.Error is { } error && (error.File != file || error.Line < 1 || string.IsNullOrWhiteSpace(error.Message)))
            {
                throw new FuzzContractException($"error record without file, line or reason: '{error}'");
            }
            if (record.Error is null && record.Value is null)
            {
                throw new FuzzContractException("a record with neither value nor error");
            }
        }
    }

    private static void Billing(byte[] input, string file) => Records(BillingCsvParser.Parse(Text(input), file), file);

    private static void Catalog(byte[] input)
    {
        using var reader = Text(input);
        BackstageCatalogParser.Parse(reader, CatalogFile);
    }

    private static void Webhook(byte[] input, Func<JsonElement, WebhookParse> parse)
    {
        using var document = JsonDocument.Parse(input);
        var result = parse(document.RootElement);
        if (result.Notice is null && string.IsNullOrWhiteSpace(result.Error))
        {
            throw new FuzzContractException("a webhook rejected without a reason");
        }
    }

    private static void DecodeRemoteWrite(byte[] input, bool compressed)
    {
        byte[]? rented = null;
        var body = input.AsSpan();
        if (compressed)
        {
            var (buffer, length) = SnappyBlock.Decompress(input, MaxDecodedBytes);
            rented = buffer;
            body = buffer.AsSpan(0, length);
        }
        try
        {
            var request = WriteRequestReader.Read(body, RemoteWriteLimits);
            if (request.Rejections.Any(r => string.IsNullOrWhiteSpace(r.Reason)))
            {
                throw new FuzzContractException("a series rejected without a reason");
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static IReadOnlyList<byte[]> RemoteWriteSeeds() =>
    [
        WriteRequestEncoder.Encode([RemoteSeries.Of("up", [("instance", "a:9090"), ("job", "api")], (1_700_000_000_000, 1), (1_700_000_015_000, 0))]),
        WriteRequestEncoder.Encode(
            [
                RemoteSeries.Of("http_requests_total", [("code", "200"), ("service", "checkout"), ("team", "payments")], (1_700_000_000_000, 1027), (1_700_000_015_000, double.NaN)),
                RemoteSeries.Of("latency_bucket", [("le", "+Inf")], (-1, double.PositiveInfinity)),
            ],
            withMetadata: true),
    ];
}
