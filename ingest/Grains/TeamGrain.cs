using Platform.Insights.Ingest.Catalog;

namespace Platform.Insights.Ingest.Grains;

/// <summary>
/// Fans out to the team's service grains in parallel and caches the answer briefly, so a dashboard
/// refreshing every few seconds does not wake every service each time.
/// </summary>
public sealed class TeamGrain(ICatalogDirectory catalog, TimeProvider time) : Grain, ITeamGrain
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);
    private TeamStatus? _cached;

    public async Task<TeamStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_cached is { } cached && now - cached.AsOf < CacheFor)
        {
            return cached;
        }

        var team = this.GetPrimaryKeyString();
        var services = await catalog.ServicesOfTeamAsync(team, cancellationToken);
        var statuses = await Task.WhenAll(services.Select(s => GrainFactory.GetGrain<IServiceGrain>(s).GetStatusAsync(cancellationToken)));
        _cached = new TeamStatus(team, statuses.OrderBy(s => s.Service, StringComparer.Ordinal).ToArray(), now);
        return _cached;
    }
}
