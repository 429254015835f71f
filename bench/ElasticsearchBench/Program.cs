using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Insights.Ingest;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Sources;
using Platform.Insights.Ingest.Telemetry;
using Platform.Insights.Ingest.Tests.Support;
using Prometheus;

// es-bench DOCS PAGE_SIZE REPS: documents/s of the Elasticsearch pull (point in time + search_after over HTTP from the
// in-process server, ECS mapping) against the baseline of the same documents parsed from an NDJSON file by the import's
// parser, both into the same counting store (no silo, no DuckDB: the ingest side alone), interleaved REPS times.
var documents = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var pageSize = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000;
var reps = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;

await using var es = new FakeElasticsearch();
var now = DateTimeOffset.Parse("2024-03-01T12:00:00Z", CultureInfo.InvariantCulture);
var start = now.AddDays(-2);
var file = Path.Combine(Path.GetTempPath(), $"es-bench-{Environment.ProcessId}.ndjson");
await using (var writer = new StreamWriter(file, false, new UTF8Encoding(false)))
{
    for (var i = 0; i < documents; i++)
    {
        var at = start.AddMilliseconds(i * 1_000L).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var source = $$$"""{"@timestamp":"{{{at}}}","event":{"id":"e{{{i:D8}}}","action":"request"},"service":{"name":"svc-{{{i % 50}}}","environment":"production"},"log":{"level":"info"},"message":"GET /api/orders/{{{i}}} 200","labels":{"region":"eu-west-1"}}""";
        es.Add($"logs-{i % 4}", $"d{i}", source);
        await writer.WriteLineAsync(source);
    }
}

Console.WriteLine($"documents\t{documents}\tpage_size\t{pageSize}\tfile_bytes\t{new FileInfo(file).Length}");
Console.WriteLine("rep\tcase\tseconds\tdocs_per_s");
var pulls = new List<double>();
var parses = new List<double>();
for (var rep = 1; rep <= reps; rep++)
{
    var pull = await PullAsync(es.Url, documents, pageSize, now);
    pulls.Add(pull);
    Console.WriteLine($"{rep}\telasticsearch_pull\t{pull:F3}\t{documents / pull:F0}");
    var parse = await ParseAsync(file, documents);
    parses.Add(parse);
    Console.WriteLine($"{rep}\tndjson_parse\t{parse:F3}\t{documents / parse:F0}");
}
var pullMedian = Median(pulls);
var parseMedian = Median(parses);
Console.WriteLine($"median\telasticsearch_pull\t{pullMedian:F3}\t{documents / pullMedian:F0}");
Console.WriteLine($"median\tndjson_parse\t{parseMedian:F3}\t{documents / parseMedian:F0}");
Console.WriteLine($"ratio\tpull/ndjson\t{parseMedian / pullMedian:F2}");
File.Delete(file);

static async Task<double> PullAsync(string url, int documents, int pageSize, DateTimeOffset now)
{
    var options = Options.Create(new ElasticsearchPullOptions { Url = url, PageSize = pageSize, Backfill = TimeSpan.FromDays(3), Lag = TimeSpan.Zero });
    var registry = Metrics.NewCustomRegistry();
    var store = new CountingStore();
    var source = new ElasticsearchSource(new ElasticsearchApiClient(options), store, new IngestMeters(registry), new ElasticsearchPullMeters(registry),
        new ElasticsearchPullStatus(), new FixedClock(now), NullLogger<ElasticsearchSource>.Instance);
    var clock = Stopwatch.StartNew();
    var result = await source.PullAsync(new ElasticsearchSourceOptions { Name = "bench", IndexPatterns = ["logs-*"] }, null, null, CancellationToken.None);
    var seconds = clock.Elapsed.TotalSeconds;
    if (result.Outcome != PullOutcome.Pulled || store.Events != documents)
    {
        throw new InvalidOperationException($"pull stored {store.Events} of {documents}: {result.Outcome} {result.Error}");
    }
    return seconds;
}

static async Task<double> ParseAsync(string file, int documents)
{
    var store = new CountingStore();
    var clock = Stopwatch.StartNew();
    using var reader = new StreamReader(file);
    var batch = new List<LogEvent>(20_000);
    foreach (var record in EcsNdjsonParser.Parse(reader, file))
    {
        batch.Add(record.Value!);
        if (batch.Count == 20_000)
        {
            await store.StoreAsync(new Dictionary<string, List<LogEvent>> { ["all"] = batch }, CancellationToken.None);
            batch = new List<LogEvent>(20_000);
        }
    }
    await store.StoreAsync(new Dictionary<string, List<LogEvent>> { ["all"] = batch }, CancellationToken.None);
    var seconds = clock.Elapsed.TotalSeconds;
    if (store.Events != documents)
    {
        throw new InvalidOperationException($"parse stored {store.Events} of {documents}");
    }
    return seconds;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

/// <summary>Counts events and keeps checkpoints; stores nothing (the ingest side is what is measured).</summary>
internal sealed class CountingStore : IEventPullStore
{
    private ElasticsearchCheckpoint? _checkpoint;

    public long Events { get; private set; }

    public Task<ElasticsearchCheckpoint?> LoadCheckpointAsync(string source, CancellationToken cancellationToken) => Task.FromResult(_checkpoint);

    public Task SaveCheckpointAsync(string source, ElasticsearchCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        _checkpoint = checkpoint;
        return Task.CompletedTask;
    }

    public Task<IngestResult> StoreAsync(IReadOnlyDictionary<string, List<LogEvent>> byService, CancellationToken cancellationToken)
    {
        var count = byService.Values.Sum(l => (long)l.Count);
        Events += count;
        return Task.FromResult(new IngestResult(count, count, 0));
    }
}

/// <summary>A clock stopped at the benchmark's "now", so the window is the same every run.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
