using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
        services.AddSingleton<Kpis.KpiIdleSamples>();
        services.AddSingleton<Kpis.KpiSnapshotBuilder>();
        services.AddSingleton<Kpis.KpiHistoryBuilder>();
        services.AddSingleton<Kpis.KpiGauges>();
        return services;
    }
}
