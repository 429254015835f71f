using System.Net;
using Microsoft.Extensions.Options;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Providers;

namespace Platform.Insights.Cleanup.Tests;

public sealed class WebhookProviderTests
{
    private sealed class Executor(params HttpStatusCode[] answers) : HttpMessageHandler
    {
        public List<(string Body, string Key, string? Auth)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((await request.Content!.ReadAsStringAsync(cancellationToken), request.Headers.GetValues("Idempotency-Key").Single(), request.Headers.Authorization?.ToString()));
            var status = answers[Math.Min(Requests.Count - 1, answers.Length - 1)];
            return new HttpResponseMessage(status) { Content = new StringContent(status == HttpStatusCode.OK ? """{"previousReplicas": 5}""" : "busy") };
        }
    }

    private static CleanupStep Step => new("stp_1", "pln_1/idl_1/ScaleToZero", "pln_1", "idl_1", "shop/cart", "k8s_workload", "payments", "dev", "shop", CleanupAction.ScaleToZero, null, "idle 7d");

    private static WebhookActionProvider Provider(Executor executor) => new(Options.Create(new CleanupOptions
    {
        Provider = "webhook",
        Webhook = new WebhookProviderOptions { Url = "http://executor.invalid/steps", Token = "s3cret", Retries = 3, RetryDelay = TimeSpan.Zero },
    }), TimeProvider.System, executor);

    [Fact]
    public async Task The_step_json_is_posted_with_its_idempotency_key_and_retried_until_the_executor_accepts()
    {
        var executor = new Executor(HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests, HttpStatusCode.OK);

        var result = await Provider(executor).ExecuteAsync(Step, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(5, result.PreviousReplicas);
        Assert.Equal(3, executor.Requests.Count);
        Assert.All(executor.Requests, r => Assert.Equal("pln_1/idl_1/ScaleToZero", r.Key));
        Assert.All(executor.Requests, r => Assert.Equal("Bearer s3cret", r.Auth));
        Assert.Contains("\"action\":\"ScaleToZero\"", executor.Requests[0].Body, StringComparison.Ordinal);
        Assert.Contains("\"resourceId\":\"shop/cart\"", executor.Requests[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_error_is_not_retried_and_fails_the_step()
    {
        var executor = new Executor(HttpStatusCode.BadRequest);

        var result = await Provider(executor).ExecuteAsync(Step, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Single(executor.Requests);
    }
}
