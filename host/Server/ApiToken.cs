namespace Platform.Insights.Host.Server;

/// <summary>
/// One bearer token: its name (shown in audit records and errors, the rate limiter's partition), its value as
/// <c>sha256:&lt;hex&gt;</c> (or plain, hashed when loaded), its scopes (read, ingest, admin), optionally the one
/// team it may see, and optional per-token limits tighter than the server's.
/// </summary>
public sealed class ApiToken
{
    public string Name { get; set; } = "";

    public string Token { get; set; } = "";

    public string[] Scopes { get; set; } = [];

    /// <summary>When set, the token sees only this team's data.</summary>
    public string? Team { get; set; }

    /// <summary>Largest request body (remote write: compressed; log push: decompressed) this token may send; the server's limit when unset or larger.</summary>
    public long? MaxRequestBytes { get; set; }

    /// <summary>Most series in one remote write request from this token.</summary>
    public int? MaxSeriesPerRequest { get; set; }

    /// <summary>Longest label name or value (bytes) in this token's remote write requests.</summary>
    public int? MaxLabelBytes { get; set; }

    /// <summary>Sustained requests per second (token bucket); <c>Insights:Server:RateLimit</c> when unset.</summary>
    public double? RequestsPerSecond { get; set; }

    /// <summary>Requests that may arrive at once before the rate applies.</summary>
    public int? Burst { get; set; }

    public bool Allows(string scope) => Scopes.Contains(scope, StringComparer.Ordinal) || Scopes.Contains(ApiScopes.Admin, StringComparer.Ordinal);
}
