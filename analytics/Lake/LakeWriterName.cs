using System.Security.Cryptography;
using System.Text;

namespace Platform.Insights.Analytics.Lake;

/// <summary>
/// This process's name in the lake's file names: <c>Insights:Lake:WriterId</c>, else the host name and a hash of the
/// data directory — unique across the cluster, because a data directory is held by one process at a time.
/// </summary>
public sealed record LakeWriterName(string Value)
{
    public static LakeWriterName For(LakeOptions options, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.WriterId is { Length: > 0 } configured)
        {
            return new LakeWriterName(configured);
        }
        var host = new string([.. Environment.MachineName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.')]);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..8];
        return new LakeWriterName($"{(host.Length == 0 ? "silo" : host)}.{hash}");
    }
}
