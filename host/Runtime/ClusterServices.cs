using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Insights.Cleanup;
using Platform.Insights.Host.Cluster;
using Platform.Insights.Ingest.Sinks;
using Platform.Insights.Reports.Scheduling;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace Platform.Insights.Host.Runtime;

/// <summary>
/// What cluster mode changes besides Orleans (<see cref="ClusterSilo"/>): the ledgers and job stores every silo shares in
/// the cluster's PostgreSQL — the import ledger (for every process configured for the cluster, so an <c>insights import</c>
/// run beside the silos claims through it too), and, for the silos, Quartz's clustered ADO.NET job store with the report
/// run ledger, and Hangfire's PostgreSQL storage for the cleanup jobs; and cleanup's own state (plans, approvals, step
/// claims, audit) and the report history for every process configured for the cluster.
/// </summary>
public static class ClusterServices
{
    private const string CleanupJobs = CleanupOptions.Section + ":Jobs";
    private const string CleanupStore = CleanupOptions.Section + ":Store";
    private const string ReportHistory = Reports.ReportsOptions.Section + ":History";

    /// <summary>The import ledger shared through PostgreSQL, in front of the process's own (the imports table its queries read).</summary>
    public static void AddSharedImportLedger(IServiceCollection services, string connectionString)
    {
        var local = services.LastOrDefault(d => d.ServiceType == typeof(IImportLedger))
            ?? throw new InvalidOperationException("no IImportLedger registered before the cluster's shared ledger");
        services.RemoveAll<IImportLedger>();
        services.AddSingleton<IImportLedger>(sp => new PostgresImportLedger(Resolve(sp, local), connectionString));
    }

    /// <summary>
    /// Cleanup's plans, approvals, step claims and audit in the cluster's PostgreSQL (<c>cleanup_*</c> tables of
    /// <c>insights db init</c>) unless pointed elsewhere explicitly — for every process configured for the cluster, so a
    /// plan made by <c>insights cleanup plan</c> or on one silo is the plan every silo's Hangfire worker applies.
    /// </summary>
    public static void UseSharedCleanupStore(IConfigurationManager configuration, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var overrides = new Dictionary<string, string?>();
        if (configuration[CleanupStore + ":Kind"] is null)
        {
            overrides[CleanupStore + ":Kind"] = "postgresql";
        }
        if (configuration[CleanupStore + ":ConnectionString"] is null)
        {
            overrides[CleanupStore + ":ConnectionString"] = connectionString;
        }
        if (overrides.Count > 0)
        {
            configuration.AddInMemoryCollection(overrides);
        }
    }

    /// <summary>
    /// The report history in the cluster's PostgreSQL (<c>insights_reports</c> of <c>insights db init</c>) and report files
    /// under a directory every silo shares — <c>LAKE_ROOT/reports</c> unless <c>Insights:Reports:History:SharedDirectory</c>
    /// says otherwise (the lake's readers only look under <c>kind=*</c>) — for every process configured for the cluster, so
    /// a report generated on one silo is listed and downloadable through every silo's API and <c>insights report list</c>.
    /// </summary>
    public static void UseSharedReportHistory(IConfigurationManager configuration, string connectionString, string lakeRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var overrides = new Dictionary<string, string?>();
        if (configuration[ReportHistory + ":Kind"] is null)
        {
            overrides[ReportHistory + ":Kind"] = "postgresql";
        }
        if (configuration[ReportHistory + ":ConnectionString"] is null)
        {
            overrides[ReportHistory + ":ConnectionString"] = connectionString;
        }
        if (configuration[ReportHistory + ":SharedDirectory"] is null)
        {
            overrides[ReportHistory + ":SharedDirectory"] = Path.Combine(Path.GetFullPath(lakeRoot), "reports");
        }
        if (overrides.Count > 0)
        {
            configuration.AddInMemoryCollection(overrides);
        }
    }

    /// <summary>
    /// Quartz with its ADO.NET job store on PostgreSQL, clustered (<c>quartz.jobStore.clustered = true</c>): the report
    /// triggers are rows every silo's scheduler shares, a fire is acquired under the store's row lock by one instance,
    /// and a dead instance's fired triggers are recovered by a live one after its check-in lapses. The report run ledger
    /// makes the start-up catch-up (which every silo runs) generate a missed period once per cluster.
    /// </summary>
    public static void AddClusteredSchedulers(IHostApplicationBuilder builder, ClusterOptions cluster)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(cluster);
        var connectionString = cluster.ConnectionString!;
        builder.Services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s => s.InstanceName = "insights-" + cluster.ClusterId);
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseClustering(c =>
                {
                    c.CheckinInterval = cluster.SchedulerCheckinInterval;
                    c.CheckinMisfireThreshold = cluster.SchedulerCheckinInterval * 2;
                });
                store.UseSystemTextJsonSerializer();
                // Job data are the schedule's kind, team and cron: strings, readable in qrtz_job_details.
                store.ConfigureStore(o =>
                {
                    o.StoreJobDataAsStrings = true;
                    o.MisfireThreshold = cluster.SchedulerMisfireThreshold;
                });
            });
        });
        builder.Services.Replace(ServiceDescriptor.Singleton<IReportRunLedger, PostgresReportRunLedger>());

        // Hangfire's PostgreSQL storage (Hangfire.PostgreSql) unless the cleanup jobs were pointed elsewhere explicitly.
        var overrides = new Dictionary<string, string?>();
        if (builder.Configuration[CleanupJobs + ":Storage"] is null)
        {
            overrides[CleanupJobs + ":Storage"] = "postgresql";
        }
        if (builder.Configuration[CleanupJobs + ":ConnectionString"] is null)
        {
            overrides[CleanupJobs + ":ConnectionString"] = connectionString;
        }
        if (overrides.Count > 0)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }
    }

    private static IImportLedger Resolve(IServiceProvider services, ServiceDescriptor descriptor) => descriptor switch
    {
        { ImplementationInstance: IImportLedger instance } => instance,
        { ImplementationFactory: { } factory } => (IImportLedger)factory(services),
        { ImplementationType: { } type } => (IImportLedger)ActivatorUtilities.CreateInstance(services, type),
        _ => throw new InvalidOperationException("unsupported IImportLedger registration"),
    };
}
