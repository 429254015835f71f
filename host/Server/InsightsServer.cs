using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Host.Runtime;
using Platform.Insights.Ingest;
using Prometheus;

namespace Platform.Insights.Host.Server;

/// <summary>
/// <c>insights serve</c>: one process with the Orleans silo, the HTTP API, <c>/metrics</c>, health and
/// an OpenAPI document. Ctrl-C / SIGTERM stops it cleanly: the silo deactivates grains (they save their
/// state), the store writer drains, the DuckDB file is checkpointed and the data directory released.
/// </summary>
public static class InsightsServer
{
    public static WebApplication Build(string? urls, IReadOnlyDictionary<string, string?> overrides)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = Directory.GetCurrentDirectory() });
        var effectiveUrls = urls ?? ReadUrls(overrides);
        InsightsComposition.Compose(builder, new RuntimeSettings("serve", effectiveUrls.Split(';')[0], overrides));
        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseUrls(effectiveUrls);
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ServerOptions>, ServerOptionsValidation>();
        // Bound once, not followed: a reloaded appsettings.json must never reach requests through IOptionsMonitor, whose
        // CurrentValue rethrows a bad edit's validation error on every call. Only the tokens follow the file (ApiTokenSource).
        var serverSection = builder.Configuration.GetSection(ServerOptions.Section);
        builder.Services.AddOptions<ServerOptions>().Configure(o => serverSection.Bind(o)).ValidateDataAnnotations().ValidateOnStart();
        // Bound and validated at start: a value that is not a boolean fails start-up naming Insights:Metrics:AnonymousKpiGauges.
        var metricsSection = builder.Configuration.GetSection(MetricsOptions.Section);
        builder.Services.AddOptions<MetricsOptions>().Configure(o => metricsSection.Bind(o)).ValidateOnStart();
        builder.Services.AddSingleton(sp => new ConfigReloadMeters(sp.GetRequiredService<Prometheus.CollectorRegistry>()));
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
            kestrel.Limits.MaxRequestBodySize = context.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>()?.MaxRequestBodyBytes ?? new ServerOptions().MaxRequestBodyBytes);
        builder.Services.AddSingleton(sp => new ApiTokenSource(
            sp.GetRequiredService<IOptions<ServerOptions>>().Value,
            sp.GetRequiredService<IConfiguration>(),
            () => LocalToken.GetOrCreate(sp.GetRequiredService<InsightsDatabase>().Directory),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ApiTokenSource>>(),
            sp.GetRequiredService<ConfigReloadMeters>()));
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>>(sp =>
            new Microsoft.Extensions.Options.ConfigureOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>(o => TokenRateLimit.Configure(o, sp)));
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new BigIntegerJsonConverter()));
        builder.Services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: ["ready"])
            .AddCheck<SiloHealthCheck>("silo", tags: ["ready"])
            .AddCheck<PrometheusPullHealthCheck>("prometheus_pull", tags: ["ready"])
            .AddCheck<ElasticsearchPullHealthCheck>("elasticsearch_pull", tags: ["ready"])
            .AddCheck<UpstreamsHealthCheck>("upstreams", tags: ["ready"])
            .AddCheck<KpiHealthCheck>("kpis", tags: ["ready"]);
        builder.Services.AddHostedService<Analytics.Catalog.CatalogReloadService>();
        builder.Services.AddHostedService<Ingest.Sources.PrometheusPullService>();
        builder.Services.AddHostedService<Dashboards.Kpis.KpiMetricsService>();
        builder.Services.AddHostedService<Analytics.Idle.IdleRefreshService>();
        builder.Services.AddHostedService<Ingest.Sources.ElasticsearchPullService>();
        builder.Services.AddHostedService<Analytics.Store.StoreMemoryGauges>();
        builder.Services.AddOpenApi();
        // Hangfire's dashboard needs its global configuration; the storage is cleanup's (SQLite under the data directory by default).
        builder.Services.AddHangfire((sp, hangfire) => hangfire.UseStorage(sp.GetRequiredService<Cleanup.Jobs.CleanupJobStorage>().Storage));

        var app = builder.Build();
        app.UseRouting();
        app.UseMiddleware<BearerTokenMiddleware>();
        app.UseRateLimiter();
        app.UseHttpMetrics();
        // Probes and scrapers hold no token: these three are the only public endpoints (SECURITY.md); /metrics keeps the KPI
        // gauges for read tokens itself (MetricsEndpoint).
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).WithMetadata(new PublicEndpoint());
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = ReadinessResponse.WriteAsync })
            .WithMetadata(new PublicEndpoint());
        app.MapInsightsMetrics("/metrics").WithMetadata(new PublicEndpoint());
        app.MapOpenApi("/openapi/{documentName}.json").WithMetadata(new RequiredScope(ApiScopes.Read));
        app.MapInsightsApi();
        app.MapRemoteWrite();
        app.MapLogPush();
        app.MapWebhooks();
        // The dashboard can enqueue and delete jobs: admin bearer tokens only, checked by BearerTokenMiddleware like every route.
        app.MapHangfireDashboardWithNoAuthorizationFilters("/hangfire", new DashboardOptions { DisplayStorageConnectionString = false, DashboardTitle = "Insights cleanup jobs" },
                app.Services.GetRequiredService<Cleanup.Jobs.CleanupJobStorage>().Storage)
            .WithMetadata(new RequiredScope(ApiScopes.Admin, AllowTeamTokens: false));
        return app;
    }

    private static string ReadUrls(IReadOnlyDictionary<string, string?> overrides)
    {
        var configuration = new ConfigurationBuilder();
        InsightsConfiguration.Apply(configuration, overrides);
        return configuration.Build()[$"{ServerOptions.Section}:Urls"] ?? new ServerOptions().Urls;
    }
}
