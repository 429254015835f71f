using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Idle;
using Platform.Insights.Cleanup.Execution;
using Platform.Insights.Cleanup.Jobs;
using Platform.Insights.Cleanup.Planning;
using Platform.Insights.Cleanup.Policies;
using Platform.Insights.Cleanup.Providers;
using Platform.Insights.Cleanup.Store;
using Platform.Insights.Ingest;
using Prometheus;

namespace Platform.Insights.Cleanup;

/// <summary>
/// Registers the cleanup project: options and policies (validated at start), the cleanup store (DuckDB, or PostgreSQL in a cluster), planner, approvals,
/// executor, undo, the configured action provider, and the Hangfire storage and job server. Cleanup reads findings only
/// through <see cref="Analytics.Idle.IIdleFindings"/>, which the analytics project registers.
/// </summary>
public static class CleanupServiceCollectionExtensions
{
    public static IServiceCollection AddCleanup(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<CleanupOptions>(configuration, CleanupOptions.Section);
        services.TryAddSingleton(Metrics.DefaultRegistry);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CleanupMeters>();
        services.AddSingleton<CleanupPolicySet>();
        // The one switch between deployment shapes: the process's DuckDB store, or the cluster's PostgreSQL.
        services.AddSingleton<DuckDbCleanupStore>();
        services.AddSingleton<ICleanupStore>(sp => sp.GetRequiredService<IOptions<CleanupOptions>>().Value.Store.Kind == "postgresql"
            ? ActivatorUtilities.CreateInstance<PostgresCleanupStore>(sp)
            : sp.GetRequiredService<DuckDbCleanupStore>());
        services.AddSingleton<CleanupGuardrails>();
        services.AddSingleton<CleanupKillSwitch>();
        services.AddSingleton<CleanupApprovals>();
        services.AddSingleton<CleanupPlanner>();
        services.AddSingleton<CleanupExecutor>();
        services.AddSingleton<CleanupUndo>();
        services.AddSingleton<CleanupStatusQuery>();
        services.AddSingleton<IRealisedSavings, CleanupRealisedSavings>();
        services.AddSingleton<LogActionProvider>();
        services.AddSingleton<WebhookActionProvider>();
        services.AddSingleton<CommandActionProvider>();
        services.TryAddSingleton<ICleanupActionProvider>(sp => sp.GetRequiredService<IOptions<CleanupOptions>>().Value.Provider switch
        {
            "webhook" => sp.GetRequiredService<WebhookActionProvider>(),
            "command" => sp.GetRequiredService<CommandActionProvider>(),
            _ => sp.GetRequiredService<LogActionProvider>(),
        });
        services.AddSingleton<CleanupJobStorage>();
        services.AddSingleton<CleanupScheduler>();
        services.AddTransient<CleanupJobs>();
        services.AddHostedService<CleanupJobServer>();
        return services;
    }
}
