using System.ComponentModel.DataAnnotations;

namespace Platform.Insights.Host.Server;

/// <summary>HTTP server settings (section <c>Insights:Server</c>).</summary>
public sealed class ServerOptions
{
    public const string Section = "Insights:Server";

    [Required(AllowEmptyStrings = false)]
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    [Range(1024, 1L << 32)]
    public long MaxRequestBodyBytes { get; set; } = 16L << 20;

    /// <summary>Bearer tokens. When none is configured, a local admin token is created in the data directory.</summary>
    public List<ApiToken> Tokens { get; set; } = [];

    /// <summary>A JSON tokens file (<see cref="Server.TokensFile"/>) re-read when it changes: tokens rotate without a restart.</summary>
    public string? TokensFile { get; set; }

    /// <summary>Sustained requests per second per token (token bucket, partitioned by token name); a token's own RequestsPerSecond overrides it.</summary>
    [Range(0.001, 1_000_000)]
    public double RequestsPerSecond { get; set; } = 200;

    /// <summary>Requests a token may send at once before <see cref="RequestsPerSecond"/> applies.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 400;
}
