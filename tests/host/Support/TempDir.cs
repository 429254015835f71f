namespace Platform.Insights.Host.Tests.Support;

/// <summary>A fresh directory under the system temp folder, deleted (best effort) on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir(string prefix = "insights-host")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "insights-host-tests", $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A path inside this directory (not created).</summary>
    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a file inside this directory and returns its full path.</summary>
    public string Write(string name, string content)
    {
        var path = Sub(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Copies a directory tree (a data directory no process holds) to <paramref name="target"/>.</summary>
    public static void Copy(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = System.IO.Path.GetRelativePath(source, file);
            var destination = System.IO.Path.Combine(target, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }

    /// <summary>Deletes directories with this prefix left by earlier test runs (not touched for <paramref name="age"/>).</summary>
    public static void SweepStale(string prefix, TimeSpan age)
    {
        var parent = new DirectoryInfo(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "insights-host-tests"));
        if (!parent.Exists)
        {
            return;
        }
        var cutoff = TimeProvider.System.GetUtcNow().UtcDateTime - age;
        foreach (var stale in parent.EnumerateDirectories(prefix + "-*").Where(d => d.LastWriteTimeUtc < cutoff))
        {
            try
            {
                stale.Delete(recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Someone else's, or already going.
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp directory is harmless.
        }
    }
}
