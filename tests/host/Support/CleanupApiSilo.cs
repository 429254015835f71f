using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Jobs;
using Platform.Insights.Cleanup.Planning;
using Platform.Insights.Cleanup.Policies;
using Platform.Insights.Cleanup.Store;
using Platform.Insights.Cleanup.Tests.Support;
using Platform.Insights.Host.Server;

namespace Platform.Insights.Host.Tests.Support;

/// <summary>
/// One silo's cleanup HTTP API in this process: the server's own bearer middleware and <c>/api/v1/cleanup</c> endpoints,
/// over a <see cref="CleanupHarness"/>'s services (its store, scheduler and findings), with one admin token.
/// </summary>
public sealed class CleanupApiSilo : IAsyncDisposable
{
    public const string AdminToken = "cleanup-silo-admin-token";
    private readonly WebApplication _app;

    private CleanupApiSilo(WebApplication app, Uri address)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = address };
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
    }

    public HttpClient Http { get; }

    public static async Task<CleanupApiSilo> StartAsync(CleanupHarness silo)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        // The endpoints' dependencies are the silo's own instances: this API acts on that silo's view of the cleanup state.
        builder.Services.AddSingleton(_ => silo.Get<ICleanupStore>());
        builder.Services.AddSingleton(_ => silo.Get<CleanupApprovals>());
        builder.Services.AddSingleton(_ => silo.Get<CleanupScheduler>());
        builder.Services.AddSingleton(_ => silo.Get<CleanupStatusQuery>());
        builder.Services.AddSingleton(_ => silo.Get<CleanupUndo>());
        builder.Services.AddSingleton(_ => silo.Get<CleanupKillSwitch>());
        builder.Services.AddSingleton(_ => silo.Get<CleanupPolicySet>());
        builder.Services.AddSingleton(_ => silo.Get<CleanupPlanner>());
        builder.Services.AddSingleton(_ => silo.Get<IIdleFindings>());
        var server = new ServerOptions { Tokens = [new ApiToken { Name = "silo-admin", Token = AdminToken, Scopes = [ApiScopes.Admin, ApiScopes.Read] }] };
        builder.Services.AddSingleton(_ => new ApiTokenSource(server, null, () => AdminToken, TimeProvider.System, NullLogger<ApiTokenSource>.Instance));
        var app = builder.Build();
        app.UseRouting();
        app.UseMiddleware<BearerTokenMiddleware>();
        app.MapGroup("/api/v1").MapCleanupEndpoints();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CleanupApiSilo(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
