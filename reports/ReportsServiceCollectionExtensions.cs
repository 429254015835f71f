using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Platform.Insights.Ingest;
using Platform.Insights.Reports.Building;
using Platform.Insights.Reports.Delivery;
using Platform.Insights.Reports.History;
using Platform.Insights.Reports.Rendering;
using Platform.Insights.Reports.Scheduling;
using Quartz;

namespace Platform.Insights.Reports;

/// <summary>
/// Registers the reports project: the report builder and its sections, renderers, history, delivery sinks and the
/// Quartz schedules (started by <see cref="ReportScheduler"/> in <c>insights serve</c> only). The productivity rows come
/// from an <see cref="IProductivityKpis"/> (<see cref="DeliveryScorecard"/>, the delivery KPIs). The idle section uses an
/// <see cref="Analytics.Idle.IIdleFindings"/> when the host registers one (resolved when a report is built, so the order of
/// registration does not matter) and says idle detection is not configured otherwise.
/// </summary>
public static class ReportsServiceCollectionExtensions
{
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ReportsOptions>(configuration, ReportsOptions.Section);
        services.AddSingleton<UptimeSection>();
        services.AddSingleton<CostSection>();
        services.AddSingleton<IProductivityKpis, DeliveryScorecard>();
        services.AddSingleton<IncidentDeployments>();
        services.AddSingleton<ServiceCostMovers>();
        services.AddSingleton<DoraSection>();
        services.AddSingleton<IdleSection>();
        services.AddSingleton<ReportBuilder>();
        services.AddSingleton<ChromiumPdfPrinter>();
        services.AddSingleton<ReportFolders>();
        // The one switch between deployment shapes: this data directory's history, or the cluster's shared one.
        services.AddSingleton<DuckDbReportHistory>();
        services.AddSingleton<IReportHistory>(sp => sp.GetRequiredService<IOptions<ReportsOptions>>().Value.History.Kind == "postgresql"
            ? ActivatorUtilities.CreateInstance<PostgresReportHistory>(sp)
            : sp.GetRequiredService<DuckDbReportHistory>());
        services.AddSingleton<ReportMeters>();
        services.AddSingleton<ReportGenerator>();
        services.AddHttpClient(WebhookSink.ClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<IReportSink, FolderSink>();
        services.AddSingleton<IReportSink, SmtpSink>();
        services.AddSingleton<IReportSink, WebhookSink>();
        services.AddSingleton<ReportDelivery>();
        services.TryAddSingleton<IReportRunLedger, HistoryReportRunLedger>();
        services.AddSingleton<ReportScheduleRunner>();
        services.AddQuartz();
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddHostedService<ReportScheduler>();
        return services;
    }
}
