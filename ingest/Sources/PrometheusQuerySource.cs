using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Parsers.PrometheusApi;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Telemetry;
using Platform.Insights.Ingest.Resilience;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// Pulls configured PromQL queries from Prometheus's <c>/api/v1/query_range</c> into the service grains.
/// <list type="bullet">
/// <item>Window: from the query's checkpoint + one step (or <c>Backfill</c> back on its first pull, or when its
/// expression or step changed) to now − <c>Lag</c> (an explicit window never reaches further: the checkpoint never
/// passes a step Prometheus may still be filling), evaluated on multiples of the step; split into requests of at most
/// <c>MaxPointsPerRequest</c> points per series, oldest first. A resumed pull first re-reads the steps of the last
/// <c>Overlap</c> before its checkpoint: points Prometheus got late are stored, the rest dropped as <c>overlap</c>.</item>
/// <item>Each answer becomes <see cref="MetricSample"/>s (metric from <c>__name__</c>, else the query's name; labels as
/// returned), split by service (the query's <c>ServiceLabel</c>, then <see cref="ServiceRouting"/>) and stored in one call
/// per service; only then does the checkpoint move to the request's last evaluation, so a crash in between re-fetches
/// points the grains' watermarks drop as duplicates. NaN points (an undefined ratio such as 0/0) are dropped and counted.</item>
/// <item>Transient failures are retried (the shared <see cref="Upstream"/> pipeline: backoff, breaker, timeout); a 400 bad query is logged at Error,
/// counted and not asked again while the query's expression and step stay the same.</item>
/// </list>
/// </summary>
public sealed partial class PrometheusQuerySource(
    PrometheusApiClient client,
    IPullStore store,
    ServiceRouting routing,
    IngestMeters ingestMeters,
    PrometheusPullMeters meters,
    PrometheusPullStatus status,
    IOptions<PrometheusPullOptions> options,
    TimeProvider time,
    ILogger<PrometheusQuerySource> logger,
    Upstreams? upstreams = null,
    IPullLock? locks = null)
{
    private const string SourceName = "prometheus_pull";
    private readonly PrometheusPullOptions _options = options.Value;
    private readonly Upstream _upstream = (upstreams ?? Upstreams.Standalone(time)).Get("prometheus", options.Value.Resilience, FailureOf, meters.Retry);
    private readonly ConcurrentDictionary<string, string> _badQueries = new(StringComparer.Ordinal);

    public PrometheusPullOptions Options => _options;

    /// <summary>
    /// One scheduled round: every configured query in turn, each resuming from its checkpoint — in a cluster only the
    /// queries this silo gets the <see cref="IPullLock"/> of (another silo is pulling the rest).
    /// </summary>
    public async Task<IReadOnlyList<QueryPullResult>> PullAllAsync(CancellationToken cancellationToken)
    {
        var results = new List<QueryPullResult>(_options.Queries.Count);
        foreach (var query in _options.Queries)
        {
            await using var held = locks is null ? null : await locks.TryAcquireAsync("prometheus:" + query.Name, cancellationToken);
            if (locks is not null && held is null)
            {
                LogPulledElsewhere(logger, query.Name);
                ingestMeters.PullSkipped("prometheus:" + query.Name, "held_elsewhere");
                continue;
            }
            results.Add(await PullAsync(query, null, null, cancellationToken));
        }
        return results;
    }

    public async Task<QueryPullResult> PullAsync(PrometheusQueryOptions query, PullWindow? window, IProgress<QueryPullProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var stepMs = (long)_options.StepOf(query).TotalMilliseconds;
        var fingerprint = $"{query.Expr}\n{stepMs}";
        if (_badQueries.TryGetValue(query.Name, out var bad) && bad == fingerprint)
        {
            return Record(new QueryPullResult(query.Name, PullOutcome.SkippedBadQuery, 0, 0, 0, 0, 0, 0, 0, 0, null, "refused by Prometheus as a bad query; fix its configuration"));
        }

        var now = time.GetUtcNow();
        // Steps after now − Lag may not be final in Prometheus yet (scrapes, rule evaluations, remote-write senders in
        // flight): never read, even when an explicit window reaches further, so the checkpoint never passes one.
        var horizonMs = QueryRangePlan.AlignDown((now - _options.Lag).ToUnixTimeMilliseconds(), stepMs);
        var endMs = window?.To is { } to ? Math.Min(horizonMs, QueryRangePlan.AlignDown(to.ToUnixTimeMilliseconds(), stepMs)) : horizonMs;
        var checkpoint = await store.LoadCheckpointAsync(query.Name, cancellationToken);
        var current = checkpoint is not null && checkpoint.Matches(query.Expr, stepMs) ? checkpoint : null;
        if (checkpoint is not null && current is null && window?.From is null)
        {
            LogExpressionChanged(logger, query.Name);
        }
        var startMs = window?.From is { } from
            ? QueryRangePlan.AlignUp(from.ToUnixTimeMilliseconds(), stepMs)
            : current is not null
                ? current.LastEvaluatedMs + stepMs
                : QueryRangePlan.AlignUp((now - _options.Backfill).ToUnixTimeMilliseconds(), stepMs);
        var requests = QueryRangePlan.Count(startMs, endMs, stepMs, _options.MaxPointsPerRequest);
        if (requests == 0)
        {
            return Record(new QueryPullResult(query.Name, PullOutcome.UpToDate, startMs, endMs, 0, 0, 0, 0, 0, 0, current?.LastEvaluatedMs, null));
        }
        // A resumed pull first reads the steps of the last Overlap again, up to the checkpoint: a point Prometheus got
        // after its step was first read is stored now; the ones already stored are dropped by the series watermarks.
        var rereadFromMs = window?.From is null && current is not null
            ? QueryRangePlan.AlignDown(current.LastEvaluatedMs - (long)_options.Overlap.TotalMilliseconds, stepMs) + stepMs
            : startMs;
        var rereadToMs = Math.Min(startMs - stepMs, endMs);
        var rereads = QueryRangePlan.Count(rereadFromMs, rereadToMs, stepMs, _options.MaxPointsPerRequest);
        requests += rereads;
        var chunks = QueryRangePlan.Chunks(rereadFromMs, rereadToMs, stepMs, _options.MaxPointsPerRequest)
            .Concat(QueryRangePlan.Chunks(startMs, endMs, stepMs, _options.MaxPointsPerRequest));

        var series = new HashSet<ulong>();
        long received = 0, stored = 0, duplicates = 0, dropped = 0, reread = 0;
        var done = 0;
        QueryPullResult Result(PullOutcome outcome, string? error) =>
            new(query.Name, outcome, Math.Min(rereadFromMs, startMs), endMs, done, series.Count, received, stored, duplicates, dropped, current?.LastEvaluatedMs, error, reread);
        try
        {
            foreach (var chunk in chunks)
            {
                var response = await FetchAsync(query, chunk, stepMs, cancellationToken);
                var (byService, points, nan) = ToSamples(query, response, series);
                received += points;
                dropped += nan;
                var result = await store.StoreAsync(byService, cancellationToken);
                stored += result.Stored;
                // The store counts what it stores and drops (insights_ingest_*); these are the pull's own counters.
                ingestMeters.Received(ImportKinds.Metrics, SourceName, points);
                meters.Received(query.Name, points);
                meters.Stored(query.Name, result.Stored);
                meters.Dropped(query.Name, "nan", nan);
                if (done < rereads)
                {
                    reread += result.Duplicates;
                    meters.Dropped(query.Name, "overlap", result.Duplicates);
                }
                else
                {
                    duplicates += result.Duplicates;
                    meters.Dropped(query.Name, "duplicate", result.Duplicates);
                }
                if (current is null || chunk.EndMs > current.LastEvaluatedMs)
                {
                    current = new QueryCheckpoint(query.Expr, stepMs, chunk.EndMs, time.GetUtcNow());
                    await store.SaveCheckpointAsync(query.Name, current, cancellationToken);
                    meters.Checkpoint(query.Name, chunk.EndMs);
                }
                done++;
                progress?.Report(new QueryPullProgress(query.Name, done, requests, received, stored, current.LastEvaluatedMs));
            }
        }
        catch (PrometheusApiException e) when (e.IsBadQuery)
        {
            _badQueries[query.Name] = fingerprint;
            Fail(query.Name, "bad_query");
            LogBadQuery(logger, query.Name, query.Expr, e.Message);
            return Record(Result(PullOutcome.SkippedBadQuery, e.Message));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = Reason(e);
            Fail(query.Name, reason);
            LogPullFailed(logger, e, query.Name, reason, done, requests);
            return Record(Result(PullOutcome.Failed, $"{reason}: {e.Message}"));
        }
        LogPulled(logger, query.Name, received, stored, duplicates, requests);
        return Record(Result(PullOutcome.Pulled, null));
    }

    private async Task<PrometheusResponse> FetchAsync(PrometheusQueryOptions query, QueryRangeChunk chunk, long stepMs, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var response = await _upstream.ExecuteAsync(
                static (state, ct) => new ValueTask<PrometheusResponse>(state.client.QueryRangeAsync(state.query.Expr, state.chunk, state.stepMs, ct)),
                (client, query, chunk, stepMs), cancellationToken);
            meters.Request(query.Name, ok: true, clock.Elapsed);
            foreach (var warning in response.Warnings)
            {
                LogWarning(logger, query.Name, warning);
            }
            return response;
        }
        catch
        {
            meters.Request(query.Name, ok: false, clock.Elapsed);
            throw;
        }
    }

    /// <summary>One answer as samples split by service; returns the points received and the NaN points dropped.</summary>
    private (Dictionary<string, List<MetricSample>> ByService, long Points, long NaN) ToSamples(PrometheusQueryOptions query, PrometheusResponse response, HashSet<ulong> seen)
    {
        var byService = new Dictionary<string, List<MetricSample>>(StringComparer.Ordinal);
        long points = 0, nan = 0;
        foreach (var result in response.Series)
        {
            var metric = result.MetricName is { Length: > 0 } name ? name : query.Name;
            var id = SeriesIdentity.Compute(metric, result.Labels);
            seen.Add(id);
            var first = new MetricSample(metric, result.Labels, 0, 0, id);
            var service = query.ServiceLabel is { Length: > 0 } label && first.LabelValue(label) is { Length: > 0 } named ? named : routing.ServiceOf(first);
            if (!byService.TryGetValue(service, out var list))
            {
                byService[service] = list = [];
            }
            points += result.TimestampsMs.Length;
            for (var i = 0; i < result.TimestampsMs.Length; i++)
            {
                if (double.IsNaN(result.Values[i]))
                {
                    nan++;
                    continue;
                }
                list.Add(first with { TimestampMs = result.TimestampsMs[i], Value = result.Values[i] });
            }
        }
        return (byService, points, nan);
    }

    private void Fail(string query, string reason)
    {
        meters.Error(query, reason);
        ingestMeters.Failed(ImportKinds.Metrics, SourceName);
    }

    private QueryPullResult Record(QueryPullResult result)
    {
        status.Record(result);
        return result;
    }

    /// <summary>What the API's own answers mean for the breaker: its transient errors count, a bad query does not.</summary>
    private static UpstreamFailure? FailureOf(Exception e) => e switch
    {
        PrometheusApiException { StatusCode: 429 } => UpstreamFailure.Throttled,
        PrometheusApiException { IsTransient: true, StatusCode: < 500, ErrorType: "timeout" } => UpstreamFailure.Timeout,
        PrometheusApiException { IsTransient: true } => UpstreamFailure.ServerError,
        PrometheusApiException { IsBadQuery: true } => new UpstreamFailure("bad_query", false),
        PrometheusApiException { StatusCode: 0 } => new UpstreamFailure("bad_response", false),
        PrometheusApiException => UpstreamFailure.Rejected,
        _ => null,
    };

    private static string Reason(Exception e) => e switch
    {
        BrokenCircuitException => "circuit_open",
        TimeoutRejectedException => "timeout",
        HttpRequestException => "unreachable",
        PrometheusApiException { StatusCode: 0 } => "bad_response",
        PrometheusApiException => "server_error",
        _ => "store_failed",
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Prometheus pull: query {Query} ({Expr}) refused as bad; it is skipped until its configuration changes: {Error}")]
    private static partial void LogBadQuery(ILogger logger, string query, string expr, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Prometheus pull: query {Query} failed ({Reason}) after {Done} of {Requests} requests; it resumes from its checkpoint next time")]
    private static partial void LogPullFailed(ILogger logger, Exception failure, string query, string reason, int done, int requests);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Prometheus pull: query {Query} is being pulled by another silo; skipped this round")]
    private static partial void LogPulledElsewhere(ILogger logger, string query);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prometheus pull: query {Query}: Prometheus warns: {Warning}")]
    private static partial void LogWarning(ILogger logger, string query, string warning);

    [LoggerMessage(Level = LogLevel.Information, Message = "Prometheus pull: query {Query} changed expression or step; pulling its backfill window again")]
    private static partial void LogExpressionChanged(ILogger logger, string query);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Prometheus pull: query {Query}: {Received} points, {Stored} stored, {Duplicates} duplicates in {Requests} requests")]
    private static partial void LogPulled(ILogger logger, string query, long received, long stored, long duplicates, int requests);
}
