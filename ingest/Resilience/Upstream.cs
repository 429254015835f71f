using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Platform.Insights.Ingest.Resilience;

/// <summary>
/// One upstream Insights calls (Prometheus's query API, Elasticsearch, Grafana, an SMTP relay, a webhook) behind the
/// one resilience pipeline every caller shares (Polly, on the injected clock): retries with exponential backoff and jitter
/// outside a circuit breaker outside a per-attempt timeout. A hung upstream costs each attempt its timeout, then the
/// breaker opens and calls fail at once (<see cref="BrokenCircuitException"/>) until a probe gets through after
/// <see cref="UpstreamResilienceSettings.BreakDuration"/> — so the caller's loop, and whatever shares its thread or
/// schedule, is never stuck behind it. Every attempt is counted on <c>/metrics</c> (<see cref="UpstreamMeters"/>) and
/// its last outcome kept for <c>/readyz</c>.
/// </summary>
/// <remarks>
/// The breaker only counts transient failures (<see cref="UpstreamFailure.Transient"/>): a 401 says the token is wrong,
/// not that the upstream is down. HTTP callers get a 5xx answer back once retries are exhausted (it is not turned into an
/// exception), so they can report it as before.
/// </remarks>
public sealed partial class Upstream
{
    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _breaker = new();
    private readonly Func<Exception, UpstreamFailure?>? _classify;
    private readonly UpstreamMeters _meters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private UpstreamOutcome? _lastFailure;
    private DateTimeOffset? _lastSuccess;

    internal Upstream(string name, UpstreamResilienceSettings settings, Func<Exception, UpstreamFailure?>? classify, Action? retried,
        UpstreamMeters meters, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        (Name, Settings, _classify, _meters, _time, _logger) = (name, settings, classify, meters, time, logger);
        var transient = new Func<Outcome<object>, bool>(o => UpstreamFailure.Of(o, classify) is { Transient: true });
        var builder = new ResiliencePipelineBuilder { TimeProvider = time, Name = name };
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => new ValueTask<bool>(transient(args.Outcome)),
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = settings.RetryDelay > TimeSpan.Zero,
                Delay = settings.RetryDelay,
                MaxDelay = settings.MaxRetryDelay,
                OnRetry = args =>
                {
                    retried?.Invoke();
                    _meters.Retried(Name);
                    LogRetry(_logger, Name, args.AttemptNumber + 1, args.RetryDelay, Describe(args.Outcome));
                    (args.Outcome.Result as IDisposable)?.Dispose();
                    return default;
                },
            });
        }
        _pipeline = builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = args => new ValueTask<bool>(transient(args.Outcome)),
                FailureRatio = 0.5,
                MinimumThroughput = settings.BreakAfterFailures,
                SamplingDuration = TimeSpan.FromMinutes(1),
                BreakDuration = settings.BreakDuration,
                StateProvider = _breaker,
                OnOpened = args =>
                {
                    LogOpened(_logger, Name, args.BreakDuration, Describe(args.Outcome));
                    return default;
                },
                OnClosed = _ =>
                {
                    LogClosed(_logger, Name);
                    return default;
                },
            })
            .AddTimeout(settings.Timeout)
            .Build();
    }

    /// <summary>How <c>/metrics</c> and <c>/readyz</c> name it ("prometheus", "grafana", "smtp", …).</summary>
    public string Name { get; }

    public UpstreamResilienceSettings Settings { get; }

    public CircuitState Circuit => _breaker.CircuitState;

    /// <summary>The last failed attempt, while no attempt has succeeded since.</summary>
    public UpstreamOutcome? FailingSince
    {
        get
        {
            lock (_gate)
            {
                return _lastFailure is { } f && (_lastSuccess is not { } ok || ok < f.At) ? f : null;
            }
        }
    }

    public ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken) =>
        ExecuteAsync(static (c, ct) => c(ct), call, cancellationToken);

    /// <summary>Runs <paramref name="call"/> through the pipeline; each attempt is timed, classified and counted.</summary>
    public async ValueTask<T> ExecuteAsync<T, TState>(Func<TState, CancellationToken, ValueTask<T>> call, TState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await _pipeline.ExecuteAsync(async (s, token) =>
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var result = await s.call(s.state, token);
                    Attempted(Outcome.FromResult<object>(result), started);
                    return result;
                }
                catch (Exception e) when (token.IsCancellationRequested && !s.cancellationToken.IsCancellationRequested)
                {
                    // Our per-attempt timeout fired (the caller did not cancel): count it as the timeout it is, whatever
                    // the client wrapped the cancellation in (Elasticsearch's transport reports it as a failed call), and
                    // hand Polly a cancellation so it reports a TimeoutRejectedException.
                    Attempted(Outcome.FromException<object>(new TimeoutRejectedException(e.Message, e)), started);
                    if (e is OperationCanceledException)
                    {
                        throw;
                    }
                    throw new OperationCanceledException(e.Message, e, token);
                }
                catch (Exception e) when (e is not OperationCanceledException || !s.cancellationToken.IsCancellationRequested)
                {
                    Attempted(Outcome.FromException<object>(e), started);
                    throw;
                }
            }, (call, state, cancellationToken), cancellationToken);
        }
        catch (BrokenCircuitException)
        {
            _meters.Failed(Name, UpstreamFailure.CircuitOpen);
            throw;
        }
    }

    private void Attempted(Outcome<object> outcome, long started)
    {
        var failure = UpstreamFailure.Of(outcome, _classify);
        _meters.Attempted(Name, failure?.Reason, Stopwatch.GetElapsedTime(started));
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (failure is { } f)
            {
                _lastFailure = new UpstreamOutcome(now, f.Reason, Describe(outcome));
            }
            else
            {
                _lastSuccess = now;
            }
        }
    }

    private static string Describe(Outcome<object> outcome) => outcome.Exception?.Message
        ?? (outcome.Result is HttpResponseMessage r ? $"{(int)r.StatusCode} {r.ReasonPhrase}" : "failed");

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Upstream}: retry {Attempt} in {Delay}: {Reason}")]
    private static partial void LogRetry(ILogger logger, string upstream, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Upstream} keeps failing; circuit open, no requests for {Duration}: {Reason}")]
    private static partial void LogOpened(ILogger logger, string upstream, TimeSpan duration, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Upstream} answers again; circuit closed")]
    private static partial void LogClosed(ILogger logger, string upstream);
}
