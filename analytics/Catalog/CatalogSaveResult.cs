namespace Platform.Insights.Analytics.Catalog;

/// <summary>What a catalog save stored, or the conflicts that stopped it (then nothing was stored).</summary>
public sealed record CatalogSaveResult(int Teams, int Systems, int Services, IReadOnlyList<string> Conflicts)
{
    public bool Saved => Conflicts.Count == 0;
}
