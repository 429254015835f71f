using System.Collections.Concurrent;

namespace Platform.Insights.Cleanup.Store;

/// <summary>Loads the <c>.sql</c> files embedded beside the cleanup code that runs them.</summary>
public static class CleanupSql
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string Load(string path) => Cache.GetOrAdd(path, static p =>
    {
        var assembly = typeof(CleanupSql).Assembly;
        var name = assembly.GetManifestResourceNames().FirstOrDefault(n => n.Replace('\\', '/') == p)
                   ?? throw new InvalidOperationException($"No embedded SQL file {p}.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}
