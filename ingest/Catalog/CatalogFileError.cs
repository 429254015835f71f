namespace Platform.Insights.Ingest.Catalog;

/// <summary>A catalog file (or path) that could not be loaded; nothing from it is in the catalog.</summary>
public sealed record CatalogFileError(string File, long? Line, string Message)
{
    public override string ToString() =>
        (Line is { } line ? $"{File}:{line}: " : $"{File}: ") + $"{Message}; nothing loaded from this file";
}
