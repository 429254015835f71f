using Orleans.Runtime;

namespace Platform.Insights.Host.Server;

/// <summary>
/// <c>GET /api/v1/cluster</c> (admin): the silos Orleans' membership knows (with status) and, per active silo, how
/// many grains of each type are activated there — what an operator checks after a silo joins or dies.
/// </summary>
public static class ClusterEndpoints
{
    public static void MapClusterEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/cluster", async (IGrainFactory grains, ILocalSiloDetails local, CancellationToken cancellationToken) =>
        {
            var management = grains.GetGrain<IManagementGrain>(0);
            var hosts = await management.GetDetailedHosts(false, cancellationToken);
            var statistics = await management.GetSimpleGrainStatistics(cancellationToken);
            var activations = statistics
                .GroupBy(s => s.SiloAddress.ToParsableString())
                .ToDictionary(g => g.Key, g => g.GroupBy(s => ShortType(s.GrainType)).ToDictionary(t => t.Key, t => t.Sum(s => s.ActivationCount)));
            return Results.Ok(new
            {
                self = local.SiloAddress.ToParsableString(),
                silos = hosts
                    .OrderBy(h => h.SiloAddress.ToParsableString(), StringComparer.Ordinal)
                    .Select(h => new
                    {
                        address = h.SiloAddress.ToParsableString(),
                        name = h.SiloName,
                        host = h.HostName,
                        status = h.Status.ToString(),
                        grains = activations.GetValueOrDefault(h.SiloAddress.ToParsableString()) ?? [],
                    }),
            });
        }).WithMetadata(new RequiredScope(ApiScopes.Admin, AllowTeamTokens: false)).WithSummary("Cluster membership and grain activations per silo.");
    }

    // Orleans reports full type names ("Platform.Insights.Ingest.Grains.ServiceGrain,Platform.Insights.Ingest"); the class name is enough here.
    private static string ShortType(string grainType)
    {
        var name = grainType.Split(',')[0];
        return name[(name.LastIndexOf('.') + 1)..];
    }
}
