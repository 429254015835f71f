namespace Platform.Insights.Ingest.Tests.Catalog.Fixtures;

/// <summary>A scratch directory of catalog files for one test, deleted afterwards.</summary>
internal sealed class TempCatalogDirectory : IDisposable
{
    public TempCatalogDirectory()
    {
        Root = Path.Combine(Path.GetTempPath(), "insights-catalog-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Writes <paramref name="content"/> at <paramref name="relativePath"/> and returns the full path.</summary>
    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory is not worth failing a test for.
        }
    }
}
