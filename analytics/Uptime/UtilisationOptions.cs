namespace Platform.Insights.Analytics.Uptime;

/// <summary>
/// The metrics each resource dimension is read from (<c>Insights:Uptime:Utilisation</c>), with node_exporter,
/// cAdvisor and node-mixin recording-rule defaults plus the demo's <c>resource_*</c> gauges. A metric whose name ends
/// in <c>_total</c> is a counter (OpenMetrics naming): its per-second rate between samples is rolled up; any
/// other is a gauge whose values are. The resource is the first of <see cref="ResourceLabels"/> a series carries.
/// A configured list replaces its default.
/// </summary>
public sealed class UtilisationOptions
{
    public static readonly IReadOnlyList<string> DefaultCpu = ["resource_cpu_utilization_ratio", "instance:node_cpu_utilisation:rate5m", "container_cpu_usage_seconds_total"];
    public static readonly IReadOnlyList<string> DefaultMemory = ["resource_memory_utilization_ratio", "instance:node_memory_utilisation:ratio", "container_memory_working_set_bytes"];
    public static readonly IReadOnlyList<string> DefaultNetworkIn = ["node_network_receive_bytes_total", "container_network_receive_bytes_total"];
    public static readonly IReadOnlyList<string> DefaultNetworkOut = ["node_network_transmit_bytes_total", "container_network_transmit_bytes_total"];
    /// <summary>Network metrics that do not split direction (the demo's gauge is in + out).</summary>
    public static readonly IReadOnlyList<string> DefaultNetwork = ["resource_network_bytes_per_second"];
    public static readonly IReadOnlyList<string> DefaultDiskIo = ["node_disk_io_time_seconds_total", "container_fs_reads_bytes_total", "container_fs_writes_bytes_total"];
    public static readonly IReadOnlyList<string> DefaultDisk = ["resource_disk_utilization_ratio"];
    public static readonly IReadOnlyList<string> DefaultResourceLabels = ["resource_id", "instance", "pod", "container", "persistentvolumeclaim", "id"];

    public string[]? Cpu { get; set; }
    public string[]? Memory { get; set; }
    public string[]? NetworkIn { get; set; }
    public string[]? NetworkOut { get; set; }
    public string[]? Network { get; set; }
    public string[]? DiskIo { get; set; }
    public string[]? Disk { get; set; }
    public string[]? ResourceLabels { get; set; }

    /// <summary>(dimension, metric) pairs as the rollup reads them; dimension names are the constants of this class.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> MetricsByDimension() =>
    [
        .. Pairs("cpu", Cpu ?? DefaultCpu), .. Pairs("memory", Memory ?? DefaultMemory),
        .. Pairs("network_in", NetworkIn ?? DefaultNetworkIn), .. Pairs("network_out", NetworkOut ?? DefaultNetworkOut),
        .. Pairs("network", Network ?? DefaultNetwork), .. Pairs("disk_io", DiskIo ?? DefaultDiskIo), .. Pairs("disk", Disk ?? DefaultDisk),
    ];

    public IReadOnlyList<string> ResourceLabelNames => ResourceLabels ?? DefaultResourceLabels;

    internal IEnumerable<string> Validate(string prefix)
    {
        foreach (var (name, list) in new[] { (nameof(Cpu), Cpu), (nameof(Memory), Memory), (nameof(NetworkIn), NetworkIn), (nameof(NetworkOut), NetworkOut), (nameof(Network), Network), (nameof(DiskIo), DiskIo), (nameof(Disk), Disk), (nameof(ResourceLabels), ResourceLabels) })
        {
            if (list is not null && list.Any(string.IsNullOrWhiteSpace))
            {
                yield return $"{prefix}:{name} must not contain empty names";
            }
        }
        if (ResourceLabels is { Length: 0 })
        {
            yield return $"{prefix}:ResourceLabels must list at least one label";
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> Pairs(string dimension, IEnumerable<string> metrics) =>
        metrics.Select(m => new KeyValuePair<string, string>(dimension, m));
}
