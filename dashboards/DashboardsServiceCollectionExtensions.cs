using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Ingest;

namespace Platform.Insights.Dashboards;

/// <summary>Registers the dashboards project.</summary>
public static class DashboardsServiceCollectionExtensions
{
    public static IServiceCollection AddDashboards(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<DashboardsOptions>(configuration, DashboardsOptions.Section);
        services.AddSingleton<Kpis.ServiceInventory>();
        services.AddSingleton<Kpis.KpiCostSamples>();
        services.AddSingleton<Kpis.KpiDoraSamples>();
        services.AddSingleton<Kpis.KpiDeploymentSamples>();
        services.AddSingleton<Kpis.KpiIdleSamples>();
        services.AddSingleton<Kpis.KpiSnapshotBuilder>();
        services.AddSingleton<Kpis.KpiHistoryBuilder>();
        services.AddSingleton<Kpis.KpiGauges>();
        // Next to the store: the snapshot belongs to the data it was computed from (only insights serve resolves it).
        services.AddSingleton(sp => new Kpis.KpiSnapshotFile(
            Path.Combine(sp.GetRequiredService<InsightsDatabase>().Directory, Kpis.KpiSnapshotFile.FileName),
            sp.GetRequiredService<ILogger<Kpis.KpiSnapshotFile>>()));
        return services;
    }
}
