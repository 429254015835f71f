using Microsoft.Extensions.Configuration;

namespace Platform.Insights.Host.Runtime;

/// <summary>
/// Configuration sources, later ones winning: embedded defaults, <c>appsettings.json</c> beside the binary and in
/// the working directory, environment variables (<c>Insights__Data</c> style, plus <c>INSIGHTS_DATA</c>), then
/// command-line options such as <c>--data</c>.
/// </summary>
public static class InsightsConfiguration
{
    public static void Apply(IConfigurationBuilder configuration, IReadOnlyDictionary<string, string?> overrides, bool quietOrleans = false)
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
        configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true);
        configuration.AddEnvironmentVariables();
        if (Environment.GetEnvironmentVariable("INSIGHTS_DATA") is { Length: > 0 } data)
        {
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Insights:Data"] = data });
        }
        configuration.AddInMemoryCollection(overrides);
    }
}
