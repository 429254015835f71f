using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Platform.Insights.Analytics;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Host.Server;
using Platform.Insights.Ingest;
using Platform.Insights.Ingest.Parsers.Webhooks;
using Platform.Insights.Ingest.Sources;
using Prometheus;

namespace Platform.Insights.Host.Tests.Support;

/// <summary>
/// The server's own webhook endpoints (bearer middleware, <c>MapWebhooks</c>) on Kestrel in this process over one silo
/// whose clock is a fake <see cref="TimeProvider"/> (<see cref="Time"/>): an Argo CD <c>ingest</c> token and a GitHub secret.
/// </summary>
public sealed class WebhookSkewServer : IAsyncLifetime
{
    public const string IngestToken = "skew-ingest-token-0123456789abcdef";
    public const string Secret = "skewed-webhook-secret";
    private readonly TempDir _work = new("webhook-skew");
    private InProcessTestCluster _cluster = null!;
    private WebApplication _app = null!;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Silo => _cluster.Silos[0].ServiceProvider;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Insights:Data"] = _work.Sub("data"),
                ["Insights:WriteBatchRows"] = "1000",
                [$"{WebhookOptions.Section}:GitHubSecret"] = Secret,
            });
            host.Services.AddSingleton(new StoreRole("test"));
            host.Services.AddSingleton<TimeProvider>(Time);
            host.Services.AddIngest(host.Configuration);
            host.Services.AddAnalytics(host.Configuration);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        var silo = Silo;

        var web = WebApplication.CreateSlimBuilder();
        web.WebHost.UseUrls("http://127.0.0.1:0");
        web.Logging.ClearProviders();
        web.Services.AddSingleton(_ => silo.GetRequiredService<DeploymentWebhookSource>());
        web.Services.AddSingleton(_ => silo.GetRequiredService<IOptions<WebhookOptions>>());
        var server = new ServerOptions { Tokens = [new ApiToken { Name = "argo", Token = IngestToken, Scopes = [ApiScopes.Ingest] }] };
        web.Services.AddSingleton(_ => new ApiTokenSource(server, null, () => IngestToken, Time, NullLogger<ApiTokenSource>.Instance));
        _app = web.Build();
        _app.UseRouting();
        _app.UseMiddleware<BearerTokenMiddleware>();
        _app.MapWebhooks();
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        _work.Dispose();
    }

    /// <summary>Posts a signed GitHub <c>deployment_status</c> delivery; the answer's status, outcome and message.</summary>
    public async Task<(HttpStatusCode Status, string Outcome, string Message)> PostGitHubAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/github") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "deployment_status");
        request.Headers.Add("X-Hub-Signature-256", GitHubSignature.Of(Secret, Encoding.UTF8.GetBytes(body)));
        return await SendAsync(request);
    }

    /// <summary>Posts an Argo CD notification with the ingest token.</summary>
    public async Task<(HttpStatusCode Status, string Outcome, string Message)> PostArgoCdAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/argocd") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", IngestToken);
        return await SendAsync(request);
    }

    /// <summary><c>insights_ingest_dropped_total{kind="logs",reason}</c> on the silo's registry (0 before the first).</summary>
    public async Task<double> DroppedAsync(string reason)
    {
        using var text = new MemoryStream();
        await Silo.GetRequiredService<CollectorRegistry>().CollectAndExportAsTextAsync(text);
        var line = Encoding.UTF8.GetString(text.ToArray()).Split('\n')
            .FirstOrDefault(l => l.StartsWith($"insights_ingest_dropped_total{{kind=\"logs\",reason=\"{reason}\"}}", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    private async Task<(HttpStatusCode, string, string)> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        return (response.StatusCode, json.RootElement.GetProperty("outcome").GetString()!, json.RootElement.GetProperty("message").GetString() ?? "");
    }
}
