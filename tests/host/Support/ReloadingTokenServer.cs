using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Platform.Insights.Host.Runtime;
using Platform.Insights.Host.Server;
using Prometheus;

namespace Platform.Insights.Host.Tests.Support;

/// <summary>
/// A real <c>appsettings.json</c> in its own directory, watched as <c>insights serve</c> watches it, behind the real
/// <see cref="BearerTokenMiddleware"/> on Kestrel: <c>/org</c> needs read and spans every team, <c>/team</c> needs
/// read and answers the team of the token that called it. Edits are written whole (temporary file, then rename), as an
/// editor or a configuration manager does.
/// </summary>
public sealed class ReloadingTokenServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IConfigurationRoot _configuration;

    private ReloadingTokenServer(WebApplication app, IConfigurationRoot configuration, ApiTokenSource tokens, ConfigReloadMeters meters, ConcurrentQueue<(LogLevel, string)> log, string settings)
    {
        _app = app;
        _configuration = configuration;
        Tokens = tokens;
        Meters = meters;
        Log = log;
        SettingsPath = settings;
        Http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
    }

    public ApiTokenSource Tokens { get; }

    public ConfigReloadMeters Meters { get; }

    public ConcurrentQueue<(LogLevel Level, string Message)> Log { get; }

    public string SettingsPath { get; }

    public HttpClient Http { get; }

    public static async Task<ReloadingTokenServer> StartAsync(string directory, string settings, string? tokensFile = null)
    {
        var path = Path.Combine(directory, "appsettings.json");
        await File.WriteAllTextAsync(path, settings);
        var builder = new ConfigurationBuilder();
        InsightsConfiguration.AddSettingsFile(builder, directory, watch: true);
        if (tokensFile is not null)
        {
            builder.AddInMemoryCollection(new Dictionary<string, string?> { [ServerOptions.Section + ":TokensFile"] = tokensFile });
        }
        var configuration = builder.Build();
        var log = new ConcurrentQueue<(LogLevel, string)>();
        var meters = new ConfigReloadMeters(new CollectorRegistry());
        var startup = configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        var tokens = new ApiTokenSource(startup, configuration, () => "local-token-never-used-0123456789", TimeProvider.System, new ListLogger(log), meters);

        var web = WebApplication.CreateSlimBuilder();
        web.WebHost.UseUrls("http://127.0.0.1:0");
        web.Logging.ClearProviders();
        web.Services.AddSingleton(tokens);
        var app = web.Build();
        app.UseRouting();
        app.UseMiddleware<BearerTokenMiddleware>();
        app.MapGet("/org", () => "org").WithMetadata(new RequiredScope(ApiScopes.Read, AllowTeamTokens: false));
        app.MapGet("/team", (HttpContext context) => ((ApiToken)context.Items[BearerTokenMiddleware.TokenItem]!).Team ?? "(every team)")
            .WithMetadata(new RequiredScope(ApiScopes.Read));
        await app.StartAsync();
        return new ReloadingTokenServer(app, configuration, tokens, meters, log, path);
    }

    /// <summary>Replaces appsettings.json and waits (on the token source's reload token, no sleeping) until <paramref name="done"/> holds.</summary>
    public async Task EditAsync(string settings, Func<ApiTokenSource, bool> done, TimeSpan? timeout = null)
    {
        var temporary = SettingsPath + ".tmp";
        await File.WriteAllTextAsync(temporary, settings);
        File.Move(temporary, SettingsPath, overwrite: true);
        await WaitAsync(done, timeout ?? TimeSpan.FromSeconds(30));
    }

    public async Task WaitAsync(Func<ApiTokenSource, bool> done, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = Tokens.GetReloadToken().RegisterChangeCallback(_ => reloaded.TrySetResult(), null);
            if (done(Tokens))
            {
                return;
            }
            try
            {
                await reloaded.Task.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no reload of {SettingsPath} reached the expected state within {timeout}; log: {string.Join(" | ", Log.Select(l => l.Message))}");
            }
        }
    }

    public async Task<(int Status, string Body)> GetAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", token);
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Tokens.Dispose();
        (_configuration as IDisposable)?.Dispose();
    }

    private sealed class ListLogger(ConcurrentQueue<(LogLevel, string)> log) : ILogger<ApiTokenSource>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Enqueue((logLevel, formatter(state, exception)));
    }
}
