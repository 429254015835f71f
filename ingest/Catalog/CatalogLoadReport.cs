namespace Platform.Insights.Ingest.Catalog;

/// <summary>What a load produced besides the entities; carried into <see cref="CatalogSet"/>.</summary>
internal sealed record CatalogLoadReport(
    IReadOnlyList<string> LoadedFiles,
    IReadOnlyList<string> SkippedFiles,
    IReadOnlyList<CatalogFileError> FileErrors,
    IReadOnlyList<CatalogConflict> Conflicts,
    IReadOnlyList<CatalogWarning> Warnings,
    IReadOnlyDictionary<string, int> Ignored);
