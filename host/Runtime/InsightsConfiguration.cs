using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;

namespace Platform.Insights.Host.Runtime;

/// <summary>
/// Configuration sources, later ones winning: embedded defaults, <c>appsettings.json</c> beside the binary and in
/// the working directory, environment variables (<c>Insights__Data</c> style, plus <c>INSIGHTS_DATA</c>), then
/// command-line options such as <c>--data</c>. The server (<c>watchFiles</c>) watches both <c>appsettings.json</c> files
/// so its API tokens follow an edit (<see cref="Server.ApiTokenSource"/> validates and applies them; nothing else is
/// re-read); a CLI verb lives for seconds and does not watch.
/// </summary>
public static class InsightsConfiguration
{
    public static void Apply(IConfigurationBuilder configuration, IReadOnlyDictionary<string, string?> overrides, bool quietOrleans = false, bool watchFiles = false)
    {
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Platform.Insights"] = "Information",
            ["Logging:LogLevel:Orleans"] = quietOrleans ? "Error" : "Warning",
            // The watchdog reports start-up pauses (JIT, first DuckDB open) as contention; nothing an operator can act on.
            ["Logging:LogLevel:Orleans.Runtime.Watchdog"] = "Error",
            ["Logging:LogLevel:Microsoft"] = "Warning",
        });
        AddSettingsFile(configuration, AppContext.BaseDirectory, watchFiles);
        AddSettingsFile(configuration, Directory.GetCurrentDirectory(), watchFiles);
        configuration.AddEnvironmentVariables();
        if (Environment.GetEnvironmentVariable("INSIGHTS_DATA") is { Length: > 0 } data)
        {
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Insights:Data"] = data });
        }
        configuration.AddInMemoryCollection(overrides);
    }

    /// <summary>The <c>appsettings.json</c> of <paramref name="directory"/>, optional; watched for edits when <paramref name="watch"/>.</summary>
    public static void AddSettingsFile(IConfigurationBuilder configuration, string directory, bool watch)
    {
        if (!watch)
        {
            configuration.AddJsonFile(Path.Combine(directory, "appsettings.json"), optional: true);
            return;
        }
        var files = new PhysicalFileProvider(directory);
        if (!CanWatch(directory))
        {
            // inotify instances are per user and few (128 by default); without one, look at the file every 4 s instead
            // of failing to start.
            files.UsePollingFileWatcher = true;
            files.UseActivePolling = true;
        }
        configuration.AddJsonFile(files, "appsettings.json", optional: true, reloadOnChange: true);
    }

    private static bool CanWatch(string directory)
    {
        try
        {
            using var watcher = new FileSystemWatcher(directory) { EnableRaisingEvents = true };
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
