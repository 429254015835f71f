using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Platform.Insights.Analytics;
using Platform.Insights.Analytics.Lake;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Cleanup;
using Platform.Insights.Dashboards;
using Platform.Insights.Reports;
using Platform.Insights.Ingest;
using Platform.Insights.Ingest.Sources;
using Platform.Insights.Host.Cluster;

namespace Platform.Insights.Host.Runtime;

/// <summary>
/// Composes one Insights process — the same for the server and for CLI verbs, so a CLI import runs
/// through the same grains and store writer as the server: configuration, the projects' registrations,
/// and an Orleans silo: localhost clustering by default, PostgreSQL-backed membership in cluster mode.
/// </summary>
public static class InsightsComposition
{
    public static void Compose(IHostApplicationBuilder builder, RuntimeSettings settings)
    {
        // A CLI verb's silo lives for seconds: Orleans's lifecycle-timing warnings (a slow start or stop on a busy
        // machine) are noise there; the server keeps them.
        InsightsConfiguration.Apply(builder.Configuration, settings.Overrides, quietOrleans: settings.Mode != "serve", watchFiles: settings.Mode == "serve");
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new StoreRole(settings.Mode, settings.Url));
        builder.Services.AddIngest(builder.Configuration);
        builder.Services.AddAnalytics(builder.Configuration);
        builder.Services.AddReports(builder.Configuration);
        builder.Services.AddDashboards(builder.Configuration);
        builder.Services.AddCleanup(builder.Configuration);
        builder.Services.AddValidatedOptions<ClusterOptions>(builder.Configuration, ClusterOptions.Section);

        // Only the server joins a cluster: a CLI verb's silo lives for seconds and would only churn the membership
        // table; it keeps the embedded silo over its own data directory (a bad Insights:Mode still fails here).
        var configuredMode = InsightsModeReader.Read(builder.Configuration);
        var mode = settings.Mode == "serve" ? configuredMode : InsightsMode.Embedded;
        var cluster = builder.Configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions();
        // A process configured for the cluster shares its import ledger even when it does not join (an `insights import`
        // beside the silos): the same content is imported once across all of them.
        if (configuredMode == InsightsMode.Cluster)
        {
            if (cluster.ClusterModeFailures() is { Count: > 0 } failures)
            {
                throw new OptionsValidationException(ClusterOptions.Section, typeof(ClusterOptions), failures);
            }
            ClusterServices.AddSharedImportLedger(builder.Services, cluster.ConnectionString!);
            ClusterServices.UseSharedCleanupStore(builder.Configuration, cluster.ConnectionString!);
        }
        if (mode == InsightsMode.Cluster)
        {
            ClusterServices.AddClusteredSchedulers(builder, cluster);
        }
        var lake = builder.Configuration.GetSection(LakeOptions.Section).Get<LakeOptions>() ?? new LakeOptions();
        if (configuredMode == InsightsMode.Cluster && lake.ClusterModeFailures() is { Count: > 0 } lakeFailures)
        {
            throw new OptionsValidationException(LakeOptions.Section, typeof(LakeOptions), lakeFailures);
        }
        if (configuredMode == InsightsMode.Cluster)
        {
            ClusterServices.UseSharedReportHistory(builder.Configuration, cluster.ConnectionString!, lake.Root);
        }
        if (mode == InsightsMode.Cluster)
        {
            // Compaction runs in every silo of the cluster; PostgreSQL advisory locks make it once per partition.
            builder.Services.AddSingleton<IPartitionLock>(new PostgresPartitionLock(cluster.ConnectionString!));
            builder.Services.AddHostedService<LakeCompactionService>();
            // The scheduled pulls run in every silo too; an advisory lock per source makes each one pulled by one silo at a time.
            builder.Services.AddSingleton<IPullLock>(new PostgresPullLock(cluster.ConnectionString!));
        }
        var httpPort = Uri.TryCreate(settings.Url, UriKind.Absolute, out var url) ? url.Port : 0;
        builder.UseOrleans(silo =>
        {
            var siloPort = cluster.SiloPort == 0 ? FreePort.Next(httpPort) : cluster.SiloPort;
            var gatewayPort = cluster.GatewayPort == 0 ? FreePort.Next(httpPort) : cluster.GatewayPort;
            if (mode == InsightsMode.Cluster)
            {
                ClusterSilo.Configure(silo, cluster, builder.Configuration, siloPort, gatewayPort);
            }
            else
            {
                silo.UseLocalhostClustering(siloPort: siloPort, gatewayPort: gatewayPort, serviceId: cluster.ClusterId, clusterId: cluster.ClusterId);
            }
            // A billing import's commit (one transaction over the whole file) runs inside one ImportGrain call;
            // Orleans's default 30 s response timeout would fail the caller of a large file while the commit goes on.
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(30));
        });
    }

    /// <summary>Opens the store eagerly, so a held or newer data directory fails before anything else starts.</summary>
    public static InsightsDatabase OpenStore(IServiceProvider services)
    {
        _ = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        return services.GetRequiredService<InsightsDatabase>();
    }
}
