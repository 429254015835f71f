namespace Platform.Insights.Host.Server;

/// <summary>One bearer token: its scopes (read, ingest, admin) and, optionally, the one team it may see.</summary>
public sealed class ApiToken
{
    public string Name { get; set; } = "";

    public string Token { get; set; } = "";

    public string[] Scopes { get; set; } = [];

    /// <summary>When set, the token sees only this team's data.</summary>
    public string? Team { get; set; }

    public bool Allows(string scope) => Scopes.Contains(scope, StringComparer.Ordinal) || Scopes.Contains(ApiScopes.Admin, StringComparer.Ordinal);
}
