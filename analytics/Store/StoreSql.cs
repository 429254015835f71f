using System.Collections.Concurrent;

namespace Platform.Insights.Analytics.Store;

/// <summary>Loads the parameterised <c>.sql</c> files embedded beside the code that runs them.</summary>
public static class StoreSql
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>Text of an embedded file by its path inside the project, e.g. <c>Store/series_watermarks.sql</c>.</summary>
    public static string Load(string path) => Cache.GetOrAdd(path, static p =>
    {
        var assembly = typeof(StoreSql).Assembly;
        var name = assembly.GetManifestResourceNames().FirstOrDefault(n => n.Replace('\\', '/') == p)
                   ?? throw new InvalidOperationException($"No embedded SQL file {p}.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}
