using System.Security.Cryptography;

namespace Platform.Insights.Ingest.Sources;

/// <summary>SHA-256 of a file's bytes as stored (compressed or not): the identity of an import.</summary>
public static class ContentHash
{
    public static async Task<string> OfFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return Convert.ToHexStringLower(hash);
    }
}
