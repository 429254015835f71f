namespace Platform.Insights.Ingest.Catalog;

/// <summary>Something loaded but suspicious, e.g. an owner with no Group entity (Backstage allows dangling refs).</summary>
public sealed record CatalogWarning(string File, long? Line, string Message)
{
    public override string ToString() => (Line is { } line ? $"{File}:{line}: " : $"{File}: ") + Message;
}
