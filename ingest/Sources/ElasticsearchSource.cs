using System.Diagnostics;
using System.Runtime.CompilerServices;
using Elastic.Clients.Elasticsearch;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Telemetry;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// Pulls ECS documents from Elasticsearch into the service grains, as the same event rows the NDJSON import stores
/// (the documents go through the import's <see cref="EcsEventReader"/>, with the source's field names).
/// <list type="bullet">
/// <item>Window: [checkpoint's end, now − <c>Lag</c>), or [now − <c>Backfill</c>, …) on a source's first pull (or when its
/// indices, filter or sort changed). The window is fixed in the checkpoint before the first page, so a restart finishes
/// the same window.</item>
/// <item>Paging: a point in time over the source's indices, pages sorted on the timestamp then the tiebreaker, each page
/// after the previous one's last sort values (<c>search_after</c>). Each page is stored, then the checkpoint moves to its
/// last document, so a crash in between re-reads one page whose events the store drops as duplicates — never a gap.</item>
/// <item>An expired point in time (404 <c>search_context_missing_exception</c>) is opened again and the window continues
/// from the last stored document (<see cref="SearchAfterValues.OnNewPointInTime"/>).</item>
/// <item>A page with failed shards (<c>_shards.failed</c> &gt; 0) is counted and asked again like a 5xx, never stored in
/// part: its last sort values would move the checkpoint past the failed shards' documents, which no later page returns.
/// If retries run out the pull fails and the next one resumes from the last complete page.</item>
/// <item>Documents that are not valid events (no or a bad timestamp, a field of the wrong type) are counted as
/// <c>invalid</c> and named in the result; the rest of the page is stored.</item>
/// </list>
/// </summary>
public sealed partial class ElasticsearchSource(
    ElasticsearchApiClient client,
    IEventPullStore store,
    IngestMeters ingestMeters,
    ElasticsearchPullMeters meters,
    ElasticsearchPullStatus status,
    TimeProvider time,
    ILogger<ElasticsearchSource> logger)
{
    private const string SourceLabel = "elasticsearch";
    private const int ErrorsKept = 20;
    private const int ReopensPerPage = 3;
    private readonly ElasticsearchPullOptions _options = client.Options;
    private readonly ResiliencePipeline _resilience = PullResilience.Build<ElasticsearchApiException>("Elasticsearch",
        new PullResilienceSettings(client.Options.MaxRetries, client.Options.RetryDelay, client.Options.MaxRetryDelay, client.Options.BreakAfterFailures, client.Options.BreakDuration, client.Options.RequestTimeout),
        e => e.IsTransient, meters.Retry, time, logger);

    public ElasticsearchPullOptions Options => _options;

    /// <summary>One scheduled round: every configured source in turn, each resuming from its checkpoint.</summary>
    public async Task<IReadOnlyList<ElasticsearchPullResult>> PullAllAsync(CancellationToken cancellationToken)
    {
        var results = new List<ElasticsearchPullResult>(_options.Sources.Count);
        foreach (var source in _options.Sources)
        {
            results.Add(await PullAsync(source, null, null, cancellationToken));
        }
        return results;
    }

    /// <summary>
    /// Pulls one source: from its checkpoint, or exactly <paramref name="window"/> when given (then the checkpoint is
    /// neither read nor moved; re-reading stored documents stores nothing twice).
    /// </summary>
    public async Task<ElasticsearchPullResult> PullAsync(
        ElasticsearchSourceOptions source, PullWindow? window, IProgress<ElasticsearchPullResult>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var run = await PlanAsync(source, window, cancellationToken);
        if (run is null)
        {
            var saved = await store.LoadCheckpointAsync(source.Name, cancellationToken);
            return Record(new ElasticsearchPullResult(source.Name, PullOutcome.UpToDate, saved?.To, saved?.To, 0, 0, 0, 0, 0, 0, 0, saved?.To, [], null));
        }
        return Record(await ReadAsync(source, run, progress, cancellationToken));
    }

    private async Task<PullRun?> PlanAsync(ElasticsearchSourceOptions source, PullWindow? window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var end = Millis(now - _options.Lag);
        if (window is not null)
        {
            return new PullRun(Millis(window.From ?? now - _options.Backfill), window.To is { } to ? Millis(to) : end, null, Checkpointed: false, 0);
        }
        var fingerprint = source.Fingerprint();
        var checkpoint = await store.LoadCheckpointAsync(source.Name, cancellationToken);
        if (checkpoint is not null && checkpoint.Fingerprint != fingerprint)
        {
            LogSourceChanged(logger, source.Name);
            checkpoint = null;
        }
        if (checkpoint is { Complete: false })
        {
            return new PullRun(checkpoint.From, checkpoint.To, checkpoint.SearchAfter is { } json ? SearchAfterValues.FromJson(json) : null, true, checkpoint.Documents);
        }
        var from = checkpoint?.To ?? Millis(now - _options.Backfill);
        if (end <= from)
        {
            return null;
        }
        // The window is fixed before the first page: a restart finishes this window, it does not start a wider one.
        await store.SaveCheckpointAsync(source.Name, new ElasticsearchCheckpoint(fingerprint, from, end, null, false, 0, now), cancellationToken);
        return new PullRun(from, end, null, true, 0);
    }

    private async Task<ElasticsearchPullResult> ReadAsync(
        ElasticsearchSourceOptions source, PullRun run, IProgress<ElasticsearchPullResult>? progress, CancellationToken cancellationToken)
    {
        var reader = new EcsEventReader(new EcsFieldMap(source.Fields));
        var fingerprint = source.Fingerprint();
        var errors = new List<ParseError>();
        var after = run.SearchAfter;
        // Values from an earlier point in time (a checkpoint) continue on a new one as OnNewPointInTime says.
        var afterFromThisPit = after is null;
        long received = 0, stored = 0, duplicates = 0, invalid = 0, documents = run.Documents;
        int pages = 0, reopened = 0;
        var shardFailures = new StrongBox<int>();
        DateTimeOffset? checkpoint = run.Checkpointed ? null : run.To;
        string? pit = null;
        ElasticsearchPullResult Result(PullOutcome outcome, string? error) =>
            new(source.Name, outcome, run.From, run.To, pages, received, stored, duplicates, invalid, shardFailures.Value, reopened, checkpoint, [.. errors], error);
        try
        {
            pit = await OpenAsync(source, cancellationToken);
            var reopens = 0;
            while (true)
            {
                ElasticsearchPage page;
                try
                {
                    var request = after is null ? null : afterFromThisPit ? after : SearchAfterValues.OnNewPointInTime(after, source.Tiebreaker);
                    page = await SearchAsync(source, pit, run, request, shardFailures, cancellationToken);
                }
                catch (ElasticsearchApiException e) when (e.IsPointInTimeMissing && reopens < ReopensPerPage)
                {
                    reopens++;
                    reopened++;
                    meters.Reopened(source.Name);
                    LogReopened(logger, source.Name);
                    pit = await OpenAsync(source, cancellationToken);
                    afterFromThisPit = after is null;
                    continue;
                }
                reopens = 0;
                pit = page.PointInTimeId ?? pit;
                pages++;
                var (byService, bad) = ToEvents(source.Name, page, reader, documents, errors);
                documents += page.Hits.Count;
                received += page.Hits.Count;
                invalid += bad;
                var result = byService.Count == 0 ? default : await store.StoreAsync(byService, cancellationToken);
                stored += result.Stored;
                duplicates += result.Duplicates;
                Count(source.Name, page.Hits.Count, result, bad);
                if (page.Hits.Count > 0)
                {
                    after = page.Hits[^1].Sort;
                    afterFromThisPit = true;
                }
                var done = page.Hits.Count < _options.PageSize;
                if (run.Checkpointed)
                {
                    var next = new ElasticsearchCheckpoint(fingerprint, run.From, run.To, after is null ? null : SearchAfterValues.ToJson(after), done, documents, time.GetUtcNow());
                    await store.SaveCheckpointAsync(source.Name, next, cancellationToken);
                    if (done)
                    {
                        checkpoint = run.To;
                        meters.Checkpoint(source.Name, run.To);
                    }
                }
                progress?.Report(Result(PullOutcome.Pulled, null));
                if (done)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = Reason(e);
            meters.Error(source.Name, reason);
            ingestMeters.Failed(ImportKinds.Logs, SourceLabel);
            LogPullFailed(logger, e, source.Name, reason, pages);
            return Result(PullOutcome.Failed, e is ElasticsearchApiException or BrokenCircuitException or TimeoutRejectedException ? e.Message : $"{reason}: {e.Message}");
        }
        finally
        {
            if (pit is not null)
            {
                await client.ClosePointInTimeAsync(pit, CancellationToken.None);
            }
        }
        LogPulled(logger, source.Name, received, stored, duplicates, invalid, pages);
        return Result(PullOutcome.Pulled, null);
    }

    private async Task<string> OpenAsync(ElasticsearchSourceOptions source, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var id = await _resilience.ExecuteAsync(static (state, ct) => new ValueTask<string>(state.client.OpenPointInTimeAsync(state.source, ct)),
                (client, source), cancellationToken);
            meters.Request(source.Name, "open_pit", ok: true, clock.Elapsed);
            return id;
        }
        catch
        {
            meters.Request(source.Name, "open_pit", ok: false, clock.Elapsed);
            throw;
        }
    }

    /// <summary>One page through the resilience pipeline; adds the shards that failed on any attempt to <paramref name="failed"/>.</summary>
    private async Task<ElasticsearchPage> SearchAsync(
        ElasticsearchSourceOptions source, string pit, PullRun run, IReadOnlyList<FieldValue>? after, StrongBox<int> failed, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var page = await _resilience.ExecuteAsync(async ct =>
            {
                try
                {
                    return await client.SearchAsync(source, pit, run.From, run.To, after, _options.PageSize, ct);
                }
                catch (ElasticsearchApiException e) when (e.ShardFailures > 0)
                {
                    failed.Value += e.ShardFailures;
                    meters.ShardFailures(source.Name, e.ShardFailures);
                    LogShardFailure(logger, source.Name, e.Message);
                    throw;
                }
            }, cancellationToken);
            meters.Request(source.Name, "search", ok: true, clock.Elapsed);
            return page;
        }
        catch
        {
            meters.Request(source.Name, "search", ok: false, clock.Elapsed);
            throw;
        }
    }

    private static (Dictionary<string, List<LogEvent>> ByService, long Invalid) ToEvents(
        string source, ElasticsearchPage page, EcsEventReader reader, long before, List<ParseError> errors)
    {
        var byService = new Dictionary<string, List<LogEvent>>(StringComparer.Ordinal);
        long invalid = 0;
        for (var i = 0; i < page.Hits.Count; i++)
        {
            var hit = page.Hits[i];
            LogEvent? logEvent = null;
            var error = hit.Source.Length == 0 ? "no _source (the index does not keep documents' source)" : reader.Read(hit.Source, out logEvent)?.Message;
            if (error is not null)
            {
                invalid++;
                if (errors.Count < ErrorsKept)
                {
                    errors.Add(new ParseError($"{source}:{hit.Index}/{hit.Id}", before + i + 1, error));
                }
                continue;
            }
            var service = ServiceRouting.ServiceOf(logEvent!);
            if (!byService.TryGetValue(service, out var list))
            {
                byService[service] = list = [];
            }
            list.Add(logEvent!);
        }
        return (byService, invalid);
    }

    private void Count(string source, long received, IngestResult result, long invalid)
    {
        meters.Received(source, received);
        meters.Stored(source, result.Stored);
        meters.Dropped(source, "duplicate", result.Duplicates);
        meters.Dropped(source, "invalid", invalid);
        ingestMeters.Received(ImportKinds.Logs, SourceLabel, received);
        ingestMeters.Rejected(ImportKinds.Logs, invalid);
    }

    private ElasticsearchPullResult Record(ElasticsearchPullResult result)
    {
        status.Record(result);
        return result;
    }

    // Elasticsearch's date fields keep milliseconds: a window bound finer than that would be rounded on its side.
    private static DateTimeOffset Millis(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    private static string Reason(Exception e) => e switch
    {
        BrokenCircuitException => "circuit_open",
        TimeoutRejectedException => "timeout",
        HttpRequestException => "unreachable",
        ElasticsearchApiException { IsAuthentication: true } => "unauthorized",
        ElasticsearchApiException { ShardFailures: > 0 } => "shard_failure",
        ElasticsearchApiException { StatusCode: 0 } => "unreachable",
        ElasticsearchApiException { StatusCode: 200 } => "bad_response",
        ElasticsearchApiException { StatusCode: >= 400 and < 500 } => "bad_request",
        ElasticsearchApiException => "server_error",
        _ => "store_failed",
    };

    private sealed record PullRun(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<FieldValue>? SearchAfter, bool Checkpointed, long Documents);

    [LoggerMessage(Level = LogLevel.Error, Message = "Elasticsearch pull: source {Source} failed ({Reason}) after {Pages} pages; it resumes from its checkpoint next time")]
    private static partial void LogPullFailed(ILogger logger, Exception failure, string source, string reason, int pages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Elasticsearch pull: source {Source}: the point in time expired; opening a new one and continuing after the last stored document")]
    private static partial void LogReopened(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Elasticsearch pull: source {Source}: shards failed, asking for the page again: {Detail}")]
    private static partial void LogShardFailure(ILogger logger, string source, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Elasticsearch pull: source {Source} changed indices, filter or sort; pulling its backfill window again")]
    private static partial void LogSourceChanged(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Elasticsearch pull: source {Source}: {Received} documents, {Stored} stored, {Duplicates} duplicates, {Invalid} invalid in {Pages} pages")]
    private static partial void LogPulled(ILogger logger, string source, long received, long stored, long duplicates, long invalid, int pages);
}
