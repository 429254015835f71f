using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Platform.Insights.Host.Runtime;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// Cluster mode under Orleans' Kubernetes hosting (issue 9: "StatefulSet of silos with Orleans' Kubernetes hosting"):
/// on only when configured, and refused at start without the pod identity it needs.
/// </summary>
public sealed class ClusterKubernetesHostingTests
{
    [Fact]
    public void Kubernetes_hosting_joins_the_silo_only_when_configured()
    {
        var plain = Configure(kubernetes: false);
        var hosted = Configure(kubernetes: true);

        Assert.DoesNotContain(plain, d => From(d, "Orleans.Hosting.Kubernetes"));
        Assert.Contains(hosted, d => From(d, "Orleans.Hosting.Kubernetes"));
        // Membership stays in PostgreSQL either way.
        Assert.Equal(plain.Count(d => From(d, "Orleans.Clustering.AdoNet")), hosted.Count(d => From(d, "Orleans.Clustering.AdoNet")));
        Assert.Contains(hosted, d => From(d, "Orleans.Clustering.AdoNet"));
    }

    [Fact]
    public void Kubernetes_hosting_without_the_pods_name_and_namespace_fails_at_start_naming_the_key_and_the_variables()
    {
        var options = new ClusterOptions { ConnectionString = "Host=db;Username=u;Password=p;Database=insights", KubernetesHosting = true };

        var failure = Assert.Single(options.ClusterModeFailures(_ => null));
        var onlyName = Assert.Single(options.ClusterModeFailures(v => v == "POD_NAME" ? "insights-0" : null));
        var both = options.ClusterModeFailures(v => v == "POD_NAME" ? "insights-0" : "analytics");

        Assert.Contains("Insights:Cluster:KubernetesHosting is on but POD_NAME and POD_NAMESPACE are not set", failure, StringComparison.Ordinal);
        Assert.Contains("Insights:Cluster:KubernetesHosting is on but POD_NAMESPACE is not set", onlyName, StringComparison.Ordinal);
        Assert.Empty(both);
        Assert.Empty(new ClusterOptions { ConnectionString = options.ConnectionString }.ClusterModeFailures(_ => null));
    }

    /// <summary>The registration's service, implementation or factory comes from that assembly.</summary>
    private static bool From(ServiceDescriptor d, string assembly) =>
        (d.IsKeyedService
            ? new[] { d.ServiceType, d.KeyedImplementationType, d.KeyedImplementationFactory?.Method.DeclaringType, d.KeyedImplementationInstance?.GetType() }
            : new[] { d.ServiceType, d.ImplementationType, d.ImplementationFactory?.Method.DeclaringType, d.ImplementationInstance?.GetType() })
            .Concat(d.ServiceType.IsGenericType ? d.ServiceType.GetGenericArguments() : [])
            .Any(t => t?.Assembly.GetName().Name == assembly);

    private static List<ServiceDescriptor> Configure(bool kubernetes)
    {
        var builder = new RecordingSiloBuilder();
        var options = new ClusterOptions { ConnectionString = "Host=db;Username=u;Password=p;Database=insights", KubernetesHosting = kubernetes };
        ClusterSilo.Configure(builder, options, builder.Configuration, 11111, 30000);
        return [.. builder.Services];
    }

    private sealed class RecordingSiloBuilder : ISiloBuilder
    {
        public IServiceCollection Services { get; } = new ServiceCollection();

        public IConfiguration Configuration { get; } = new ConfigurationBuilder().Build();
    }
}
