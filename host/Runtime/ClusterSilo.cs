using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Platform.Insights.Host.Runtime;

/// <summary>
/// Cluster mode's Orleans configuration: membership, grain state ("Default", replacing the embedded DuckDB grain
/// storage) and reminders in PostgreSQL through Orleans' ADO.NET providers, endpoints advertised to the other silos,
/// and random placement so the grains of services received by one silo's HTTP endpoint spread over every silo.
/// </summary>
public static class ClusterSilo
{
    /// <summary>Orleans' invariant name for Npgsql's ADO.NET provider factory.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Orleans' own membership knobs (probe timeout, missed probes), bound as they are named there.</summary>
    public const string MembershipSection = ClusterOptions.Section + ":Membership";

    public static void Configure(ISiloBuilder silo, ClusterOptions cluster, IConfiguration configuration, int siloPort, int gatewayPort)
    {
        silo.Configure<Orleans.Configuration.ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ClusterId;
        });
        silo.ConfigureEndpoints(AdvertisedAddress(cluster.AdvertisedAddress), siloPort, gatewayPort, listenOnAnyHostAddress: true);
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = cluster.ConnectionString;
        });
        silo.AddAdoNetGrainStorage("Default", o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = cluster.ConnectionString;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = cluster.ConnectionString;
        });
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(MembershipSection));
        silo.Services.AddSingleton<PlacementStrategy, RandomPlacement>();
        if (cluster.KubernetesHosting)
        {
            silo.UseKubernetesHosting();
        }
    }

    /// <summary>The configured address (an IP, or a host name resolved now), else this host's first non-loopback IPv4.</summary>
    public static IPAddress AdvertisedAddress(string? configured)
    {
        if (configured is { Length: > 0 })
        {
            if (IPAddress.TryParse(configured, out var ip))
            {
                return ip;
            }
            return Dns.GetHostAddresses(configured).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                ?? throw new Microsoft.Extensions.Options.OptionsValidationException(
                    ClusterOptions.Section, typeof(ClusterOptions), [$"{ClusterOptions.Section}:AdvertisedAddress '{configured}' does not resolve to an IPv4 address"]);
        }
        return NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? IPAddress.Loopback;
    }
}
