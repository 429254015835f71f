namespace Platform.Insights.Ingest.Catalog;

/// <summary>
/// The same entity name defined in two files. Names are compared case-insensitively and without the
/// namespace, because services and teams are keyed by bare name everywhere downstream.
/// </summary>
public sealed record CatalogConflict(
    string Kind, string Name, string FirstFile, long FirstLine, string SecondFile, long SecondLine)
{
    public string Message =>
        $"duplicate {Kind} '{Name}': defined in {FirstFile}:{FirstLine} and in {SecondFile}:{SecondLine}";

    public override string ToString() => Message;
}
