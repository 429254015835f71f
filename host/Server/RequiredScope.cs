namespace Platform.Insights.Host.Server;

/// <summary>Endpoint metadata: the scope a bearer token needs for this route.</summary>
public sealed record RequiredScope(string Scope, bool AllowTeamTokens = true);
