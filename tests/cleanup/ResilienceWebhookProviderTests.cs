using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Providers;
using Platform.Insights.Ingest.Resilience;
using Polly.Timeout;
using Prometheus;

namespace Platform.Insights.Cleanup.Tests;

/// <summary>The cleanup webhook executor hanging: each attempt ends at <c>Timeout</c> on the injected clock, is retried with the same key, and counted.</summary>
public sealed class ResilienceWebhookProviderTests
{
    /// <summary>An executor that takes every request and never answers (until the request is cancelled).</summary>
    private sealed class HungExecutor : HttpMessageHandler
    {
        private readonly List<string> _keys = [];
        private readonly SemaphoreSlim _arrived = new(0);

        public IReadOnlyList<string> Keys
        {
            get
            {
                lock (_keys)
                {
                    return [.. _keys];
                }
            }
        }

        public Task ArrivedAsync() => _arrived.WaitAsync(TimeSpan.FromSeconds(30));

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (_keys)
            {
                _keys.Add(request.Headers.GetValues("Idempotency-Key").Single());
            }
            _arrived.Release();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    [Fact]
    public async Task A_hung_executor_times_out_each_attempt_on_the_clock_is_retried_with_the_same_key_and_the_timeouts_are_counted()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var registry = Metrics.NewCustomRegistry();
        var executor = new HungExecutor();
        var provider = new WebhookActionProvider(Options.Create(new CleanupOptions
        {
            Provider = "webhook",
            Webhook = new WebhookProviderOptions { Url = "http://executor.invalid/steps", Retries = 1, RetryDelay = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(30) },
        }), time, executor, new Upstreams(registry, time));
        var step = new CleanupStep("stp_1", "pln_1/idl_1/Stop", "pln_1", "idl_1", "vm-1", "vm", "payments", "dev", "shop", CleanupAction.Stop, null, "idle 7d");

        var run = provider.ExecuteAsync(step, CancellationToken.None);
        await executor.ArrivedAsync();
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await executor.ArrivedAsync();
        time.Advance(TimeSpan.FromSeconds(30));

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => run);
        Assert.Equal(["pln_1/idl_1/Stop", "pln_1/idl_1/Stop"], executor.Keys);
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        var metrics = Encoding.UTF8.GetString(stream.ToArray());
        Assert.Contains("insights_upstream_failures_total{upstream=\"cleanup_webhook\",reason=\"timeout\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("insights_upstream_retries_total{upstream=\"cleanup_webhook\"} 1", metrics, StringComparison.Ordinal);
    }
}
