using System.Security.Cryptography;

namespace Platform.Insights.Host.Server;

/// <summary>
/// The local admin token used when no tokens are configured: created once in the data directory
/// (readable by its owner only) so the CLI on the same machine can talk to the server.
/// </summary>
public static class LocalToken
{
    private const string FileName = "local-token";

    public static string GetOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        Directory.CreateDirectory(dataDirectory);
        var token = "ins_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(path, token);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return token;
    }

    public static string? Read(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }
}
