namespace Platform.Insights.Ingest.Catalog;

/// <summary>Who owns what, as loaded from the service catalog (implemented by the store).</summary>
public interface ICatalogDirectory
{
    Task<IReadOnlyList<string>> ServicesOfTeamAsync(string team, CancellationToken cancellationToken);

    Task<string?> TeamOfAsync(string service, CancellationToken cancellationToken);

    /// <summary>Every service of the catalog (empty when none is loaded).</summary>
    Task<IReadOnlySet<string>> ServiceNamesAsync(CancellationToken cancellationToken);
}
