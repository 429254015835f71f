using System.Diagnostics;
using System.Runtime.CompilerServices;
using Elastic.Clients.Elasticsearch;
using Microsoft.Extensions.Logging;
using Platform.Insights.Ingest.Telemetry;
using Platform.Insights.Ingest.Resilience;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// The pull's requests to Elasticsearch: each through the shared <see cref="Upstream"/> pipeline (retries, breaker,
/// timeout), timed and counted per source and operation; failed shards counted on every attempt. <see cref="Reason"/>
/// names a failure the way <c>insights_elasticsearch_pull_errors_total</c> labels it.
/// </summary>
internal sealed partial class ElasticsearchRequests
{
    private readonly ElasticsearchApiClient _client;
    private readonly ElasticsearchPullMeters _meters;
    private readonly ILogger _logger;
    private readonly Upstream _upstream;

    public ElasticsearchRequests(ElasticsearchApiClient client, ElasticsearchPullMeters meters, Upstreams upstreams, ILogger logger)
    {
        _client = client;
        _meters = meters;
        _logger = logger;
        _upstream = upstreams.Get("elasticsearch", client.Options.Resilience, FailureOf, meters.Retry);
    }

    /// <summary>What the API's own answers mean for the breaker: failed shards and 5xx count; an expired point in time is the pull's to handle.</summary>
    private static UpstreamFailure? FailureOf(Exception e) => e switch
    {
        ElasticsearchApiException { IsPointInTimeMissing: true } => null,
        ElasticsearchApiException { StatusCode: 429 } => UpstreamFailure.Throttled,
        ElasticsearchApiException { ShardFailures: > 0 } => new UpstreamFailure("shard_failure", true),
        ElasticsearchApiException { IsTls: true } => new UpstreamFailure("tls", false),
        ElasticsearchApiException { StatusCode: 0 } => UpstreamFailure.Unreachable,
        ElasticsearchApiException { IsTransient: true } => UpstreamFailure.ServerError,
        ElasticsearchApiException { IsAuthentication: true } => new UpstreamFailure("unauthorized", false),
        ElasticsearchApiException { StatusCode: 200 } => new UpstreamFailure("bad_response", false),
        ElasticsearchApiException => UpstreamFailure.Rejected,
        _ => null,
    };

    public async Task<string> OpenAsync(ElasticsearchSourceOptions source, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var id = await _upstream.ExecuteAsync(static (state, ct) => new ValueTask<string>(state._client.OpenPointInTimeAsync(state.source, ct)),
                (_client, source), cancellationToken);
            _meters.Request(source.Name, "open_pit", ok: true, clock.Elapsed);
            return id;
        }
        catch
        {
            _meters.Request(source.Name, "open_pit", ok: false, clock.Elapsed);
            throw;
        }
    }

    /// <summary>One page; adds the shards that failed on any attempt to <paramref name="failed"/>.</summary>
    public async Task<ElasticsearchPage> SearchAsync(
        ElasticsearchSourceOptions source, string pit, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<FieldValue>? after, StrongBox<int> failed,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var page = await _upstream.ExecuteAsync(async ct =>
            {
                try
                {
                    return await _client.SearchAsync(source, pit, from, to, after, _client.Options.PageSize, ct);
                }
                catch (ElasticsearchApiException e) when (e.ShardFailures > 0)
                {
                    failed.Value += e.ShardFailures;
                    _meters.ShardFailures(source.Name, e.ShardFailures);
                    LogShardFailure(_logger, source.Name, e.Message);
                    throw;
                }
            }, cancellationToken);
            _meters.Request(source.Name, "search", ok: true, clock.Elapsed);
            return page;
        }
        catch
        {
            _meters.Request(source.Name, "search", ok: false, clock.Elapsed);
            throw;
        }
    }

    // Closing is best effort (the point in time expires by itself), so it is not retried or cancelled with the pull.
    public Task CloseAsync(string pit) => _client.ClosePointInTimeAsync(pit, CancellationToken.None);

    public static string Reason(Exception e) => e switch
    {
        BrokenCircuitException => "circuit_open",
        TimeoutRejectedException => "timeout",
        HttpRequestException => "unreachable",
        ElasticsearchApiException { IsAuthentication: true } => "unauthorized",
        ElasticsearchApiException { IsTls: true } => "tls",
        ElasticsearchApiException { ShardFailures: > 0 } => "shard_failure",
        ElasticsearchApiException { StatusCode: 0 } => "unreachable",
        ElasticsearchApiException { StatusCode: 200 } => "bad_response",
        ElasticsearchApiException { StatusCode: >= 400 and < 500 } => "bad_request",
        ElasticsearchApiException => "server_error",
        _ => "store_failed",
    };

    /// <summary>Failures whose own message says it all (the rest get their reason in front).</summary>
    public static bool SpeaksForItself(Exception e) => e is ElasticsearchApiException or BrokenCircuitException or TimeoutRejectedException;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Elasticsearch pull: source {Source}: shards failed, asking for the page again: {Detail}")]
    private static partial void LogShardFailure(ILogger logger, string source, string detail);
}
