using System.CommandLine;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Host.Runtime;
using Platform.Insights.Host.Server;

namespace Platform.Insights.Host.Cli;

/// <summary><c>insights serve</c>: the long-running server.</summary>
public static class ServeCommand
{
    public static Option<string?> Urls { get; } = new("--urls") { Description = "Where to listen (default http://127.0.0.1:5080; config Insights:Server:Urls)." };

    public static Option<bool> Cluster { get; } = new("--cluster")
    {
        Description = "Join the PostgreSQL-backed Orleans cluster (same as Insights:Mode=Cluster; needs Insights:Cluster:ConnectionString and 'insights db init').",
    };

    public static Command Create()
    {
        var command = new Command("serve", "Run the server: Orleans silo, HTTP API, /metrics, /healthz, /readyz and /openapi/v1.json.") { Urls, Cluster };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(() =>
        {
            var overrides = new Dictionary<string, string?>(GlobalOptions.Settings(parse, "serve").Overrides, StringComparer.Ordinal);
            if (parse.GetValue(Cluster))
            {
                overrides[InsightsModeReader.Key] = nameof(InsightsMode.Cluster);
            }
            return RunAsync(overrides, parse.GetValue(Urls), null, cancellationToken);
        }));
        return command;
    }

    /// <summary>Starts the server, runs <paramref name="afterStart"/> (the demo uses it), and serves until stopped.</summary>
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string?> overrides, string? urls, Func<IServiceProvider, Task<int>>? afterStart, CancellationToken cancellationToken)
    {
        await using var app = InsightsServer.Build(urls, overrides);
        InsightsComposition.OpenStore(app.Services);
        // Read the tokens (and the tokens file) before listening: a bad one stops start-up with exit 2.
        var tokens = app.Services.GetRequiredService<ApiTokenSource>();
        _ = tokens.Current;
        await app.StartAsync(cancellationToken);
        var database = app.Services.GetRequiredService<InsightsDatabase>();
        var listening = string.Join(", ", app.Urls);
        Console.WriteLine($"insights serve: listening on {listening}, data {database.Directory}");
        Console.WriteLine($"  OpenAPI {app.Urls.First()}/openapi/v1.json · metrics {app.Urls.First()}/metrics · health /healthz /readyz");
        if (!tokens.Configured)
        {
            // The token itself is never printed or logged: output ends up in log collectors.
            Console.WriteLine($"  no tokens configured: the local admin token is in {Path.Combine(database.Directory, "local-token")} (readable by you only)");
        }
        if (afterStart is not null)
        {
            var code = await afterStart(app.Services);
            if (code != ExitCodes.Success)
            {
                await app.StopAsync(CancellationToken.None);
                return code;
            }
        }
        Console.WriteLine("  press Ctrl-C to stop");
        await app.WaitForShutdownAsync(cancellationToken);
        return ExitCodes.Success;
    }
}
