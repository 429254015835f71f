using System.CommandLine;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// <c>insights cleanup … --server URL --token-file PATH</c> (env <c>INSIGHTS_SERVER</c>, <c>INSIGHTS_TOKEN_FILE</c>):
/// the verb acts through a running server's <c>/api/v1/cleanup</c> instead of this machine's store — in a cluster, on the
/// cluster whichever silo answers. The token is read from a file (never an argument, so it stays out of shell history
/// and process lists) and never printed.
/// </summary>
public sealed record CleanupServer(Uri Url, string Token)
{
    public const string ServerVariable = "INSIGHTS_SERVER";
    public const string TokenFileVariable = "INSIGHTS_TOKEN_FILE";

    public static Option<string?> ServerOption { get; } = new("--server")
    {
        Description = $"Act through this server's cleanup API (e.g. http://insights:5080) instead of the local store (env {ServerVariable}).",
        Recursive = true,
    };

    public static Option<string?> TokenFileOption { get; } = new("--token-file")
    {
        Description = $"With --server: a file holding the bearer token (admin scope to approve, apply, undo, kill; read for plan and status) (env {TokenFileVariable}).",
        Recursive = true,
    };

    /// <summary>The server to act through, or null for the local store; bad usage (no token file, a bad URL) is exit 2.</summary>
    public static CleanupServer? From(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var url = parse.GetValue(ServerOption) ?? NonEmpty(Environment.GetEnvironmentVariable(ServerVariable));
        var tokenFile = parse.GetValue(TokenFileOption) ?? NonEmpty(Environment.GetEnvironmentVariable(TokenFileVariable));
        if (url is null)
        {
            return tokenFile is null ? null : throw new UsageException($"--token-file is used with --server URL (or {ServerVariable})");
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--server '{url}' is not an absolute http(s) URL");
        }
        if (tokenFile is null)
        {
            throw new UsageException($"--server needs --token-file PATH (or {TokenFileVariable}): a file holding the bearer token");
        }
        if (!File.Exists(tokenFile))
        {
            throw new UsageException($"--token-file {tokenFile} does not exist");
        }
        var token = File.ReadAllText(tokenFile).Trim();
        if (token.Length == 0 || token.Contains('\n', StringComparison.Ordinal))
        {
            throw new UsageException($"--token-file {tokenFile} must hold one token on one line");
        }
        return new CleanupServer(uri, token);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
