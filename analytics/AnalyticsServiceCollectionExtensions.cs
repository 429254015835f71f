using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Hosting;
using Platform.Insights.Analytics.Catalog;
using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Analytics.Cost;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Analytics.Lake;
using Platform.Insights.Analytics.Query;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Uptime;
using Platform.Insights.Ingest;
using Platform.Insights.Ingest.Catalog;
using Platform.Insights.Ingest.Sinks;

namespace Platform.Insights.Analytics;

/// <summary>Registers the DuckDB store, its writers, the grain storage and the query surface.</summary>
public static class AnalyticsServiceCollectionExtensions
{
    public static IServiceCollection AddAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<StoreOptions>(configuration, StoreOptions.Section);
        if (UsesLake(configuration))
        {
            AddLake(services, configuration);
        }
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            var role = sp.GetService<StoreRole>() ?? new StoreRole("cli");
            return InsightsDatabase.Open(options.Data, role, sp.GetRequiredService<TimeProvider>(),
                memoryLimit: role.IsImport ? options.ResolveImportMemoryLimit()
                    : role.IsDemo ? options.ResolveDemoMemoryLimit()
                    : options.ResolveMemoryLimit(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes),
                lake: sp.GetService<LakeViews>(),
                fault: sp.GetService<IStoreWriteFault>(), import: role.IsImport, threads: options.ResolveThreads(role));
        });
        services.AddSingleton<StoreMeters>();
        services.AddSingleton<StoreWriter>();
        services.AddSingleton<IMetricSink>(sp => sp.GetRequiredService<StoreWriter>());
        services.AddSingleton<ILogSink>(sp => sp.GetRequiredService<StoreWriter>());
        services.AddSingleton<IWriteBackPressure>(sp => sp.GetRequiredService<StoreWriter>());
        services.AddSingleton<BillingStore>();
        services.AddSingleton<IBillingSink>(sp => sp.GetRequiredService<BillingStore>());
        services.AddSingleton<IImportLedger>(sp => sp.GetRequiredService<BillingStore>());
        services.AddSingleton<CatalogStore>();
        services.AddSingleton<ICatalogDirectory>(sp => sp.GetRequiredService<CatalogStore>());
        services.AddSingleton<IServiceAnnotations>(sp => sp.GetRequiredService<CatalogStore>());
        services.AddValidatedOptions<CatalogOptions>(configuration, CatalogOptions.Section);
        services.AddSingleton<CatalogMeters>();
        services.AddSingleton<CatalogPathsSync>();
        services.AddValidatedOptions<QueryOptions>(configuration, QueryOptions.Section);
        services.AddSingleton<ReadOnlyQuery>();
        services.AddSingleton<StoreSummary>();
        services.AddValidatedOptions<CostAllocationOptions>(configuration, CostAllocationOptions.Section);
        services.AddValidatedOptions<CurrencyConversionOptions>(configuration, CurrencyConversionOptions.Section);
        services.AddSingleton<CostAllocation>();
        services.AddSingleton<CostQuery>();
        services.AddValidatedOptions<CostKpiOptions>(configuration, CostKpiOptions.Section);
        services.AddSingleton<BillingDataEnd>();
        services.AddSingleton<CostTrendQuery>();
        services.AddSingleton<CostChangeQuery>();
        services.AddSingleton<CommitmentQuery>();
        services.AddSingleton<CostForecastQuery>();
        services.AddSingleton<BudgetQuery>();
        services.AddSingleton<CostAnomalyQuery>();
        services.AddSingleton<UnitCostQuery>();
        services.AddSingleton<CostHygieneQuery>();
        services.AddValidatedOptions<UptimeKpiOptions>(configuration, UptimeKpiOptions.Section);
        services.AddSingleton<SliDataEnd>();
        services.AddSingleton<ServiceSliQuery>();
        services.AddSingleton<IncidentQuery>();
        services.AddSingleton<UptimeKpiQuery>();
        services.AddSingleton<UptimeKpiHistory>();
        services.AddSingleton<KpiAnswerMeters>();
        // One set of turns for the API's recomputes and the KPI gauges' refresh: they read the same samples and share DuckDB's memory.
        services.AddSingleton(sp => new RecomputeTurns(sp.GetRequiredService<IOptions<UptimeKpiOptions>>().Value.ApiMaxConcurrentRecomputes));
        services.AddSingleton<UptimeApiAnswers>();
        services.AddSingleton<UtilisationQuery>();
        services.AddValidatedOptions<IdleOptions>(configuration, IdleOptions.Section);
        services.AddSingleton<IdleMeters>();
        services.AddSingleton<IdleRunStore>();
        services.AddSingleton<IdleDetector>();
        services.AddSingleton<IIdleFindings>(sp => sp.GetRequiredService<IdleDetector>());
        services.AddValidatedOptions<ProductivityOptions>(configuration, ProductivityOptions.Section);
        services.AddSingleton<DeliveryDataEnd>();
        services.AddSingleton<DoraQuery>();
        services.AddSingleton<ProductivityQuery>();
        services.AddSingleton<ProductionDeploymentQuery>();
        services.AddGrainStorage("Default", (sp, _) => ActivatorUtilities.CreateInstance<DuckDbGrainStorage>(sp));
        return services;
    }

    /// <summary>
    /// Cluster mode (<c>Insights:Mode = Cluster</c>) keeps metrics, logs and billing in the shared Parquet lake, for the
    /// server and for CLI verbs alike (a CLI import on a cluster's machine writes where the silos read).
    /// </summary>
    public static bool UsesLake(IConfiguration configuration) =>
        string.Equals(configuration?["Insights:Mode"], "Cluster", StringComparison.OrdinalIgnoreCase);

    private static void AddLake(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<LakeOptions>(configuration, LakeOptions.Section)
            .Validate(o => o.ClusterModeFailures().Count == 0,
                $"{LakeOptions.Section}:Root is required in cluster mode (the shared directory of the Parquet lake) and must not contain a quote");
        services.AddSingleton<LakeMeters>();
        services.AddSingleton(sp => new LakeViews(new LakeLayout(sp.GetRequiredService<IOptions<LakeOptions>>().Value.Root)));
        services.AddSingleton(sp => LakeWriterName.For(sp.GetRequiredService<IOptions<LakeOptions>>().Value, sp.GetRequiredService<IOptions<StoreOptions>>().Value.Data));
        services.AddSingleton<LakeWriter>();
        services.AddSingleton<LakeCompactor>();
    }
}
