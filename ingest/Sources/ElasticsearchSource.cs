using System.Runtime.CompilerServices;
using Elastic.Clients.Elasticsearch;
using Microsoft.Extensions.Logging;
using Platform.Insights.Ingest.Catalog;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Telemetry;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// Pulls ECS documents from Elasticsearch into the service grains, as the same event rows the NDJSON import stores
/// (<see cref="ElasticsearchDocuments"/>: the import's reader with the source's field names, then its
/// <see cref="DeliveryEventRules"/> against the catalog as loaded when the pull starts).
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
/// <item>Documents that are not valid events, or break the delivery-event rules, are counted per reason (as the file
/// import and the HTTP push count them) and the first ones named in the result; the rest of the page is stored.</item>
/// </list>
/// </summary>
public sealed partial class ElasticsearchSource(
    ElasticsearchApiClient client,
    IEventPullStore store,
    ICatalogDirectory catalog,
    IngestMeters ingestMeters,
    ElasticsearchPullMeters meters,
    ElasticsearchPullStatus status,
    TimeProvider time,
    ILogger<ElasticsearchSource> logger,
    Resilience.Upstreams? upstreams = null,
    IPullLock? locks = null)
{
    private const string SourceLabel = "elasticsearch";
    private const int ReopensPerPage = 3;
    private readonly ElasticsearchPullOptions _options = client.Options;
    private readonly ElasticsearchRequests _requests = new(client, meters, upstreams ?? Resilience.Upstreams.Standalone(time), logger);

    public ElasticsearchPullOptions Options => _options;

    /// <summary>
    /// One scheduled round: every configured source in turn, each resuming from its checkpoint — in a cluster only the
    /// sources this silo gets the <see cref="IPullLock"/> of (another silo is pulling the rest).
    /// </summary>
    public async Task<IReadOnlyList<ElasticsearchPullResult>> PullAllAsync(CancellationToken cancellationToken)
    {
        var results = new List<ElasticsearchPullResult>(_options.Sources.Count);
        foreach (var source in _options.Sources)
        {
            await using var held = locks is null ? null : await locks.TryAcquireAsync("elasticsearch:" + source.Name, cancellationToken);
            if (locks is not null && held is null)
            {
                LogPulledElsewhere(logger, source.Name);
                ingestMeters.PullSkipped("elasticsearch:" + source.Name, "held_elsewhere");
                continue;
            }
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
        var fingerprint = source.Fingerprint();
        var after = run.SearchAfter;
        // Values from an earlier point in time (a checkpoint) continue on a new one as OnNewPointInTime says.
        var afterFromThisPit = after is null;
        long received = 0, stored = 0, duplicates = 0, documentsRead = run.Documents;
        int pages = 0, reopened = 0;
        var shardFailures = new StrongBox<int>();
        DateTimeOffset? checkpoint = run.Checkpointed ? null : run.To;
        ElasticsearchDocuments? documents = null;
        string? pit = null;
        ElasticsearchPullResult Result(PullOutcome outcome, string? error) =>
            new(source.Name, outcome, run.From, run.To, pages, received, stored, duplicates, documents?.Rejected ?? 0, shardFailures.Value, reopened, checkpoint,
                documents is null ? [] : [.. documents.Errors], error, documents is null ? null : new Dictionary<string, long>(documents.RejectedByReason));
        try
        {
            documents = new ElasticsearchDocuments(source.Name, new EcsFieldMap(source.Fields), await DeliveryEventRules.ForCatalogAsync(catalog, cancellationToken));
            pit = await _requests.OpenAsync(source, cancellationToken);
            var reopens = 0;
            while (true)
            {
                ElasticsearchPage page;
                try
                {
                    var request = after is null ? null : afterFromThisPit ? after : SearchAfterValues.OnNewPointInTime(after, source.Tiebreaker);
                    page = await _requests.SearchAsync(source, pit, run.From, run.To, request, shardFailures, cancellationToken);
                }
                catch (ElasticsearchApiException e) when (e.IsPointInTimeMissing && reopens < ReopensPerPage)
                {
                    reopens++;
                    reopened++;
                    meters.Reopened(source.Name);
                    LogReopened(logger, source.Name);
                    pit = await _requests.OpenAsync(source, cancellationToken);
                    afterFromThisPit = after is null;
                    continue;
                }
                reopens = 0;
                pit = page.PointInTimeId ?? pit;
                pages++;
                var (byService, dropped) = documents.Read(page, documentsRead);
                documentsRead += page.Hits.Count;
                received += page.Hits.Count;
                var result = byService.Count == 0 ? default : await store.StoreAsync(byService, cancellationToken);
                stored += result.Stored;
                duplicates += result.Duplicates;
                Count(source.Name, page.Hits.Count, result, dropped);
                if (page.Hits.Count > 0)
                {
                    after = page.Hits[^1].Sort;
                    afterFromThisPit = true;
                }
                var done = page.Hits.Count < _options.PageSize;
                if (run.Checkpointed)
                {
                    var next = new ElasticsearchCheckpoint(fingerprint, run.From, run.To, after is null ? null : SearchAfterValues.ToJson(after), done, documentsRead, time.GetUtcNow());
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
            var reason = ElasticsearchRequests.Reason(e);
            meters.Error(source.Name, reason);
            ingestMeters.Failed(ImportKinds.Logs, SourceLabel);
            LogPullFailed(logger, e, source.Name, reason, pages);
            return Result(PullOutcome.Failed, ElasticsearchRequests.SpeaksForItself(e) ? e.Message : $"{reason}: {e.Message}");
        }
        finally
        {
            if (pit is not null)
            {
                await _requests.CloseAsync(pit);
            }
        }
        LogPulled(logger, source.Name, received, stored, duplicates, documents.Rejected, pages);
        return Result(PullOutcome.Pulled, null);
    }

    private void Count(string source, long received, IngestResult result, IReadOnlyDictionary<string, long> dropped)
    {
        meters.Received(source, received);
        meters.Stored(source, result.Stored);
        meters.Dropped(source, "duplicate", result.Duplicates);
        foreach (var (reason, count) in dropped)
        {
            meters.Dropped(source, reason, count);
        }
        ingestMeters.Received(ImportKinds.Logs, SourceLabel, received);
        ingestMeters.Rejected(ImportKinds.Logs, dropped);
    }

    private ElasticsearchPullResult Record(ElasticsearchPullResult result)
    {
        status.Record(result);
        return result;
    }

    // Elasticsearch's date fields keep milliseconds: a window bound finer than that would be rounded on its side.
    private static DateTimeOffset Millis(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    private sealed record PullRun(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<FieldValue>? SearchAfter, bool Checkpointed, long Documents);

    [LoggerMessage(Level = LogLevel.Error, Message = "Elasticsearch pull: source {Source} failed ({Reason}) after {Pages} pages; it resumes from its checkpoint next time")]
    private static partial void LogPullFailed(ILogger logger, Exception failure, string source, string reason, int pages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Elasticsearch pull: source {Source}: the point in time expired; opening a new one and continuing after the last stored document")]
    private static partial void LogReopened(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Elasticsearch pull: source {Source} is being pulled by another silo; skipped this round")]
    private static partial void LogPulledElsewhere(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Elasticsearch pull: source {Source} changed indices, filter or sort; pulling its backfill window again")]
    private static partial void LogSourceChanged(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Elasticsearch pull: source {Source}: {Received} documents, {Stored} stored, {Duplicates} duplicates, {Rejected} rejected in {Pages} pages")]
    private static partial void LogPulled(ILogger logger, string source, long received, long stored, long duplicates, long rejected, int pages);
}
