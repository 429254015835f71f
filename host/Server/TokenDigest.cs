using System.Security.Cryptography;
using System.Text;

namespace Platform.Insights.Host.Server;

/// <summary>
/// How a configured token is kept: <c>sha256:&lt;64 hex&gt;</c>, the SHA-256 of the token's UTF-8 bytes
/// (<c>insights token hash</c> / <c>insights token create</c> print it). A plain token in configuration is
/// hashed when loaded and the plain text dropped, so only digests stay in memory.
/// SHA-256 rather than a slow KDF (PBKDF2, Argon2): the tokens are random (<c>token create</c> draws 256 bits,
/// configuration demands ≥ 16 characters), so a stolen digest cannot be guessed back — a slow hash protects
/// low-entropy passwords — while every API request pays the hash, which must stay microseconds.
/// </summary>
public static class TokenDigest
{
    public const string Prefix = "sha256:";
    private static readonly System.Buffers.SearchValues<char> Hex = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    public static bool IsHashed(string configured) => configured.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Whether a configured value is a well-formed digest (64 hex digits after the prefix).</summary>
    public static bool IsWellFormed(string configured) =>
        IsHashed(configured) && configured.Length == Prefix.Length + 64 && !configured.AsSpan(Prefix.Length).ContainsAnyExcept(Hex);

    /// <summary>The 32-byte digest a configured value stands for: parsed when hashed, computed when plain.</summary>
    public static byte[] Of(string configured) =>
        IsHashed(configured) ? Convert.FromHexString(configured.AsSpan(Prefix.Length)) : Compute(configured);

    public static byte[] Compute(string presented) => SHA256.HashData(Encoding.UTF8.GetBytes(presented));

    /// <summary>The configuration value for <paramref name="token"/>: <c>sha256:</c> and the lower-case hex digest.</summary>
    public static string Format(string token) => Prefix + Convert.ToHexStringLower(Compute(token));
}
