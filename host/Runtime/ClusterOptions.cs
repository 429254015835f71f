using System.ComponentModel.DataAnnotations;

namespace Platform.Insights.Host.Runtime;

/// <summary>
/// The Orleans silo (section <c>Insights:Cluster</c>). Embedded mode (the default) uses localhost clustering and
/// ignores the connection string; cluster mode (<c>Insights:Mode = Cluster</c> or <c>serve --cluster</c>) keeps
/// membership, grain state and reminders in PostgreSQL. Port 0 picks a free port.
/// </summary>
public sealed class ClusterOptions
{
    public const string Section = "Insights:Cluster";

    /// <summary>What Orleans' Kubernetes hosting reads the pod's identity from.</summary>
    public static readonly IReadOnlyList<string> KubernetesEnvironment = ["POD_NAME", "POD_NAMESPACE"];

    [Range(0, 65535)]
    public int SiloPort { get; set; }

    [Range(0, 65535)]
    public int GatewayPort { get; set; }

    [Required(AllowEmptyStrings = false)]
    public string ClusterId { get; set; } = "insights";

    /// <summary>Npgsql connection string of the PostgreSQL that holds the cluster's tables (cluster mode only).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The IP address or host name other silos reach this one at (cluster mode). Empty: this host's first
    /// non-loopback IPv4 address. In Kubernetes, the pod IP.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// Run under Orleans' Kubernetes hosting (the Helm chart turns it on): each silo takes its pod's name, and the silos
    /// watch the StatefulSet's pods, so a deleted pod's silo is declared dead at once instead of after missed probes, and
    /// a silo declared dead has its pod deleted. Membership itself stays in PostgreSQL. Needs the pod's name and namespace
    /// in <c>POD_NAME</c> / <c>POD_NAMESPACE</c> and a service account allowed to list, watch and delete pods.
    /// </summary>
    public bool KubernetesHosting { get; set; }

    /// <summary>
    /// How often each silo's Quartz scheduler checks in to the clustered job store; after twice this without a check-in
    /// another silo recovers the silent one's fired report triggers (Quartz's own default is 7.5 s).
    /// </summary>
    public TimeSpan SchedulerCheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);

    /// <summary>
    /// How late a report trigger may fire before Quartz counts the slot as missed (Quartz's default is 60 s). A missed
    /// slot does nothing — the start-up catch-up covers downtime once — so this only bounds how long a slot skipped while
    /// the previous report was still running keeps the schedule waiting.
    /// </summary>
    public TimeSpan SchedulerMisfireThreshold { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Failures of this section for cluster mode, each naming its key; empty when the options are usable.</summary>
    /// <param name="environment">Reads an environment variable (the process's own when null).</param>
    public IReadOnlyList<string> ClusterModeFailures(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            failures.Add($"{Section}:ConnectionString is required in cluster mode (the PostgreSQL for membership, grain state and reminders)");
        }
        else if (Analytics.Store.PostgresConnectionString.Problem($"{Section}:ConnectionString", ConnectionString) is { } problem)
        {
            failures.Add(problem);
        }
        if (SchedulerCheckinInterval <= TimeSpan.Zero || SchedulerCheckinInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{Section}:SchedulerCheckinInterval must be between 00:00:00.001 and 00:10:00 (is {SchedulerCheckinInterval})");
        }
        if (SchedulerMisfireThreshold <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:SchedulerMisfireThreshold must be positive (is {SchedulerMisfireThreshold})");
        }
        if (KubernetesHosting)
        {
            var missing = KubernetesEnvironment.Where(v => string.IsNullOrWhiteSpace(environment(v))).ToList();
            if (missing.Count > 0)
            {
                failures.Add($"{Section}:KubernetesHosting is on but {string.Join(" and ", missing)} {(missing.Count == 1 ? "is" : "are")} not set (set them from the pod's metadata with the downward API, as the Helm chart does)");
            }
        }
        if (AdvertisedAddress is { Length: > 0 } address && Uri.CheckHostName(address) == UriHostNameType.Unknown)
        {
            failures.Add($"{Section}:AdvertisedAddress '{address}' is neither an IP address nor a host name");
        }
        return failures;
    }
}
