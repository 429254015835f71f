using System.Security.Cryptography;

namespace Platform.Insights.Host.Server;

/// <summary>
/// The tokens the server accepts, each kept as its SHA-256 digest (<see cref="TokenDigest"/>). A presented
/// token is hashed once and compared with every digest in constant time, without stopping at a match, so
/// neither the comparison nor the position of the match shows in the response time.
/// </summary>
public sealed class ApiTokenSet
{
    private readonly (ApiToken Token, byte[] Digest)[] _entries;

    public ApiTokenSet(IReadOnlyList<ApiToken> tokens)
    {
        _entries = [.. tokens.Select(t => (Strip(t), TokenDigest.Of(t.Token)))];
        Tokens = [.. _entries.Select(e => e.Token)];
    }

    /// <summary>The tokens' names, scopes, teams and limits; their <see cref="ApiToken.Token"/> is never kept in plain text.</summary>
    public IReadOnlyList<ApiToken> Tokens { get; }

    public ApiToken? Find(string presented)
    {
        var digest = TokenDigest.Compute(presented);
        ApiToken? match = null;
        foreach (var (token, expected) in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, expected))
            {
                match = token;
            }
        }
        return match;
    }

    /// <summary>A copy whose Token is the digest form, so a later log or dump of the set cannot print a plain token.</summary>
    private static ApiToken Strip(ApiToken token) => new()
    {
        Name = token.Name,
        Token = TokenDigest.IsHashed(token.Token) ? token.Token.ToLowerInvariant() : TokenDigest.Format(token.Token),
        Scopes = token.Scopes,
        Team = token.Team,
        MaxRequestBytes = token.MaxRequestBytes,
        MaxSeriesPerRequest = token.MaxSeriesPerRequest,
        MaxLabelBytes = token.MaxLabelBytes,
        RequestsPerSecond = token.RequestsPerSecond,
        Burst = token.Burst,
    };
}
