using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Ingest;

namespace Platform.Insights.Cleanup;

/// <summary>Registers the cleanup project.</summary>
public static class CleanupServiceCollectionExtensions
{
    public static IServiceCollection AddCleanup(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<CleanupOptions>(configuration, CleanupOptions.Section);
        return services;
    }
}
