using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Ingest.Resilience;
using Polly.CircuitBreaker;
using Prometheus;

namespace Platform.Insights.Ingest.Tests.Resilience;

/// <summary>
/// <c>Insights:Upstreams:&lt;name&gt;:…</c>: the retry, breaker and timeout of Grafana, SMTP and the webhooks, which were fixed
/// in code, are configured per upstream, checked at start naming the key, and are what the shared pipeline then does.
/// </summary>
public sealed class UpstreamOptionsTests : IAsyncLifetime
{
    private readonly FakeUpstream _server = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public void Configured_keys_replace_the_upstreams_own_settings_and_keys_left_out_keep_them()
    {
        using var provider = Provider(new()
        {
            ["Insights:Upstreams:smtp:MaxRetries"] = "0",
            ["Insights:Upstreams:smtp:BreakAfterFailures"] = "2",
            ["Insights:Upstreams:smtp:BreakDuration"] = "00:05:00",
            ["Insights:Upstreams:Grafana:Timeout"] = "00:00:07",
        });
        var upstreams = new Upstreams(Metrics.NewCustomRegistry(), _time, null, provider.GetRequiredService<IOptions<UpstreamsOptions>>());
        var own = UpstreamResilienceSettings.Of(3, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(90));

        var smtp = upstreams.Get("smtp", own).Settings;
        var grafana = upstreams.Get("grafana", own).Settings;
        var webhook = upstreams.Get("report_webhook", own).Settings;

        Assert.Equal(own with { MaxRetries = 0, BreakAfterFailures = 2, BreakDuration = TimeSpan.FromMinutes(5) }, smtp);
        Assert.Equal(own with { Timeout = TimeSpan.FromSeconds(7) }, grafana);
        Assert.Equal(own, webhook);
    }

    [Fact]
    public async Task A_configured_breaker_opens_after_its_own_threshold_and_stays_open_for_its_own_duration()
    {
        using var provider = Provider(new()
        {
            ["Insights:Upstreams:report_webhook:MaxRetries"] = "0",
            ["Insights:Upstreams:report_webhook:BreakAfterFailures"] = "2",
            ["Insights:Upstreams:report_webhook:BreakDuration"] = "00:05:00",
        });
        var upstream = new Upstreams(Metrics.NewCustomRegistry(), _time, null, provider.GetRequiredService<IOptions<UpstreamsOptions>>())
            .Get("report_webhook", UpstreamResilienceSettings.Of(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)));
        _server.Otherwise = 503;

        using (await Get(upstream))
        {
        }
        using (await Get(upstream))
        {
        }
        var afterTwo = upstream.Circuit;
        await Assert.ThrowsAsync<BrokenCircuitException>(() => Get(upstream));
        _time.Advance(TimeSpan.FromMinutes(4));
        await Assert.ThrowsAsync<BrokenCircuitException>(() => Get(upstream));
        var requestsWhileOpen = _server.Requests;
        _server.Otherwise = 200;
        _time.Advance(TimeSpan.FromMinutes(1));
        using var probe = await Get(upstream);

        Assert.Equal(CircuitState.Open, afterTwo);
        Assert.Equal(2, requestsWhileOpen);
        Assert.Equal(200, (int)probe.StatusCode);
        Assert.Equal(CircuitState.Closed, upstream.Circuit);
    }

    [Theory]
    [InlineData("Insights:Upstreams:smtp:MaxRetries", "21", "Insights:Upstreams:smtp:MaxRetries must be between 0 and 20")]
    [InlineData("Insights:Upstreams:grafana:BreakAfterFailures", "1", "Insights:Upstreams:grafana:BreakAfterFailures must be between 2 and 1000")]
    [InlineData("Insights:Upstreams:cleanup_webhook:BreakDuration", "00:00:00", "Insights:Upstreams:cleanup_webhook:BreakDuration must be between 00:00:01 and 1.00:00:00")]
    [InlineData("Insights:Upstreams:report_webhook:Timeout", "02:00:00", "Insights:Upstreams:report_webhook:Timeout must be between 00:00:01 and 01:00:00")]
    [InlineData("Insights:Upstreams:smtp:RetryDelay", "-00:00:01", "Insights:Upstreams:smtp:RetryDelay must be between 00:00:00 and 00:10:00")]
    [InlineData("Insights:Upstreams:grafna:Timeout", "00:00:10", "Insights:Upstreams:grafna is not an upstream with settings here")]
    public void A_bad_upstream_setting_fails_at_start_naming_the_key(string key, string value, string message)
    {
        using var provider = Provider(new() { [key] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<UpstreamsOptions>>().Value);

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddValidatedOptions<UpstreamsOptions>(configuration, UpstreamsOptions.Section);
        return services.BuildServiceProvider();
    }

    private Task<HttpResponseMessage> Get(Upstream upstream) =>
        upstream.ExecuteAsync(ct => new ValueTask<HttpResponseMessage>(_http.GetAsync(_server.Url, ct)), CancellationToken.None).AsTask();
}
