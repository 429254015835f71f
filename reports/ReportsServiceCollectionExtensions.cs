using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Ingest;

namespace Platform.Insights.Reports;

/// <summary>Registers the reports project.</summary>
public static class ReportsServiceCollectionExtensions
{
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ReportsOptions>(configuration, ReportsOptions.Section);
        return services;
    }
}
