using System.Security.Cryptography;
using System.Text;

namespace Platform.Insights.Host.Server;

/// <summary>The tokens the server accepts.</summary>
public sealed class ApiTokenSet(IReadOnlyList<ApiToken> tokens)
{
    public IReadOnlyList<ApiToken> Tokens { get; } = tokens;

    public ApiToken? Find(string presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented);
        ApiToken? match = null;
        foreach (var token in Tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(bytes, Encoding.UTF8.GetBytes(token.Token)))
            {
                match = token;
            }
        }
        return match;
    }
}
