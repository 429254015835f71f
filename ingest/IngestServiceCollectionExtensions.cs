using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Platform.Insights.Ingest.Resilience;
using Platform.Insights.Ingest.Sources;
using Platform.Insights.Ingest.Telemetry;
using Prometheus;

namespace Platform.Insights.Ingest;

/// <summary>Registers the sources, routing and the pipeline's counters.</summary>
public static class IngestServiceCollectionExtensions
{
    public static IServiceCollection AddIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<IngestOptions>(configuration, IngestOptions.Section)
            .Validate(o => o.Labels.Count > 0 && o.Labels.All(l => !string.IsNullOrWhiteSpace(l)), $"{IngestOptions.Section}:ServiceLabels must name at least one label and no empty ones")
            .Validate(o => o.MaxFutureSkew >= TimeSpan.Zero, $"{IngestOptions.Section}:MaxFutureSkew must not be negative");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(Metrics.DefaultRegistry);
        services.AddSingleton<IngestMeters>().AddSingleton<ClockSkewLimit>();
        services.AddValidatedOptions<UpstreamsOptions>(configuration, UpstreamsOptions.Section);
        services.TryAddSingleton(sp => new Upstreams(sp.GetRequiredService<CollectorRegistry>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>(), sp.GetRequiredService<IOptions<UpstreamsOptions>>()));
        services.AddSingleton(sp => new ServiceRouting(sp.GetRequiredService<IOptions<IngestOptions>>().Value.Labels));
        services.AddTransient<OpenMetricsFileSource>();
        services.AddTransient<EcsNdjsonFileSource>();
        services.AddTransient<FocusCsvFileSource>();
        services.AddTransient<BillingDelivery>();
        services.AddValidatedOptions<RemoteWriteOptions>(configuration, RemoteWriteOptions.Section);
        services.AddSingleton<RemoteWriteMeters>().AddSingleton<RemoteWriteSource>().AddSingleton<RemoteWriteGate>();
        services.AddValidatedOptions<PrometheusPullOptions>(configuration, PrometheusPullOptions.Section);
        services.AddSingleton(sp => new PrometheusApiClient(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan },
            sp.GetRequiredService<IOptions<PrometheusPullOptions>>()));
        services.AddSingleton<PrometheusPullMeters>().AddSingleton<PrometheusPullStatus>().AddSingleton<IPullStore, GrainPullStore>();
        services.AddSingleton<PrometheusQuerySource>();
        services.AddValidatedOptions<ElasticsearchPullOptions>(configuration, ElasticsearchPullOptions.Section);
        services.AddSingleton<ElasticsearchApiClient>().AddSingleton<ElasticsearchPullMeters>().AddSingleton<ElasticsearchPullStatus>();
        services.AddSingleton<IEventPullStore, GrainEventPullStore>().AddSingleton<ElasticsearchSource>();
        services.AddValidatedOptions<LogPushOptions>(configuration, LogPushOptions.Section);
        services.AddSingleton<EventBatchStore>().AddSingleton<LogPushSource>();
        services.AddValidatedOptions<WebhookOptions>(configuration, WebhookOptions.Section);
        services.AddSingleton<DeploymentWebhookSource>();
        return services;
    }
}
