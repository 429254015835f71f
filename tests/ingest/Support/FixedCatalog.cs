using Platform.Insights.Ingest.Catalog;

namespace Platform.Insights.Ingest.Tests.Support;

/// <summary>A catalog of the given services, each owned by team <c>team-of-{service}</c> (no services = none loaded).</summary>
public sealed class FixedCatalog(params string[] services) : ICatalogDirectory
{
    private readonly HashSet<string> _services = new(services, StringComparer.Ordinal);

    public Task<IReadOnlyList<string>> ServicesOfTeamAsync(string team, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. _services.Where(s => $"team-of-{s}" == team)]);

    public Task<string?> TeamOfAsync(string service, CancellationToken cancellationToken) =>
        Task.FromResult(_services.Contains(service) ? $"team-of-{service}" : null);

    public Task<IReadOnlySet<string>> ServiceNamesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlySet<string>>(_services);
}
