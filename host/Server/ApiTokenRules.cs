namespace Platform.Insights.Host.Server;

/// <summary>What every configured token must satisfy, wherever it comes from (configuration or the tokens file); errors name the key.</summary>
public static class ApiTokenRules
{
    public static IReadOnlyList<string> Check(IReadOnlyList<ApiToken> tokens, string source)
    {
        var errors = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var key = $"{source}:{i}";
            if (string.IsNullOrWhiteSpace(token.Name))
            {
                errors.Add($"{key}:Name is required (it is what audit records and errors name)");
            }
            if (TokenDigest.IsHashed(token.Token) ? !TokenDigest.IsWellFormed(token.Token) : token.Token.Length < 16)
            {
                errors.Add($"{key}:Token: every Token must be at least 16 characters, or sha256: and 64 hex digits ('insights token hash')");
            }
            if (token.Scopes.Length == 0 || !token.Scopes.All(ApiScopes.All.Contains))
            {
                errors.Add($"{key}:Scopes must be read, ingest or admin");
            }
            // A team limits what the token reads and, for ingest, which services it may write (SECURITY.md); a blank or
            // padded name would silently match no team at all.
            if (token.Team is { } team && (string.IsNullOrWhiteSpace(team) || team.Trim() != team || team.Any(char.IsControl)))
            {
                errors.Add($"{key}:Team must be a catalog team's name, without surrounding spaces or control characters, when set");
            }
            if (token.MaxRequestBytes is <= 0 || token.MaxSeriesPerRequest is <= 0 || token.MaxLabelBytes is <= 0 || token.RequestsPerSecond is <= 0 || token.Burst is <= 0)
            {
                errors.Add($"{key}: MaxRequestBytes, MaxSeriesPerRequest, MaxLabelBytes, RequestsPerSecond and Burst must be positive when set");
            }
        }
        foreach (var name in tokens.GroupBy(t => t.Name, StringComparer.Ordinal).Where(g => g.Key.Length > 0 && g.Count() > 1).Select(g => g.Key))
        {
            errors.Add($"{source}: the name '{name}' is used by more than one token (names partition rate limits and sign approvals)");
        }
        return errors;
    }
}
