using System.CommandLine;
using Platform.Insights.Host.Runtime;

namespace Platform.Insights.Host.Cli;

/// <summary>Options every verb understands.</summary>
public static class GlobalOptions
{
    public static Option<string?> Data { get; } = new("--data")
    {
        Description = "The data directory (default ./data; env INSIGHTS_DATA).",
        Recursive = true,
    };

    public static Option<OutputFormat> Format() => new("--format")
    {
        Description = "Output format: table, json or csv.",
        DefaultValueFactory = _ => OutputFormat.Table,
    };

    public static RuntimeSettings Settings(ParseResult parse, string mode, string? url = null, string? dataOverride = null)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.Ordinal);
        if ((dataOverride ?? parse.GetValue(Data)) is { Length: > 0 } data)
        {
            overrides["Insights:Data"] = data;
        }
        return new RuntimeSettings(mode, url, overrides);
    }
}
