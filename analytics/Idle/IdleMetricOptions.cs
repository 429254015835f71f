namespace Platform.Insights.Analytics.Idle;

/// <summary>
/// The metrics each idle statistic is read from (<c>Insights:Idle:Metrics</c>): node_exporter, cAdvisor,
/// kube-state-metrics and CloudWatch-exporter names plus the demo's <c>resource_*</c> gauges. A metric named
/// <c>*_total</c> is a counter and is read as a per-second rate (as the utilisation rollup does). A configured list
/// replaces its default. The resource is the first of <c>Insights:Uptime:Utilisation:ResourceLabels</c> a series carries.
/// </summary>
public sealed class IdleMetricOptions
{
    /// <summary>CPU as a share of the resource's capacity or request (0..1).</summary>
    public static readonly IReadOnlyList<string> DefaultCpuRatio = ["resource_cpu_utilization_ratio", "instance:node_cpu_utilisation:rate5m"];

    public string[]? CpuRatio { get; set; }

    public IReadOnlyList<string> CpuRatioNames => CpuRatio ?? DefaultCpuRatio;

    /// <summary>CPU in cores (cAdvisor's counter of CPU seconds → cores as a rate).</summary>
    public static readonly IReadOnlyList<string> DefaultCpuCores = ["container_cpu_usage_seconds_total"];

    public string[]? CpuCores { get; set; }

    public IReadOnlyList<string> CpuCoresNames => CpuCores ?? DefaultCpuCores;

    public static readonly IReadOnlyList<string> DefaultMemoryRatio = ["resource_memory_utilization_ratio", "instance:node_memory_utilisation:ratio"];

    public string[]? MemoryRatio { get; set; }

    public IReadOnlyList<string> MemoryRatioNames => MemoryRatio ?? DefaultMemoryRatio;

    public static readonly IReadOnlyList<string> DefaultMemoryBytes = ["container_memory_working_set_bytes"];

    public string[]? MemoryBytes { get; set; }

    public IReadOnlyList<string> MemoryBytesNames => MemoryBytes ?? DefaultMemoryBytes;

    /// <summary>Network bytes per second; all listed metrics of a resource are added (in + out).</summary>
    public static readonly IReadOnlyList<string> DefaultNetwork = [
        "resource_network_bytes_per_second", "node_network_receive_bytes_total", "node_network_transmit_bytes_total",
        "container_network_receive_bytes_total", "container_network_transmit_bytes_total",
    ];

    public string[]? Network { get; set; }

    public IReadOnlyList<string> NetworkNames => Network ?? DefaultNetwork;

    /// <summary>1 while a volume is attached / an IP is associated, 0 otherwise.</summary>
    public static readonly IReadOnlyList<string> DefaultAttached = ["resource_attached", "resource_associated"];

    public string[]? Attached { get; set; }

    public IReadOnlyList<string> AttachedNames => Attached ?? DefaultAttached;

    public static readonly IReadOnlyList<string> DefaultConnections = ["resource_db_connections", "pg_stat_database_numbackends", "mysql_global_status_threads_connected", "aws_rds_database_connections_average"];

    public string[]? Connections { get; set; }

    public IReadOnlyList<string> ConnectionsNames => Connections ?? DefaultConnections;

    /// <summary>Requests served (a counter, or a per-second gauge).</summary>
    public static readonly IReadOnlyList<string> DefaultRequests = ["resource_lb_requests_total", "aws_applicationelb_request_count_sum"];

    public string[]? Requests { get; set; }

    public IReadOnlyList<string> RequestsNames => Requests ?? DefaultRequests;

    public static readonly IReadOnlyList<string> DefaultHealthyTargets = ["resource_lb_healthy_targets", "aws_applicationelb_healthy_host_count_average"];

    public string[]? HealthyTargets { get; set; }

    public IReadOnlyList<string> HealthyTargetsNames => HealthyTargets ?? DefaultHealthyTargets;

    /// <summary>kube-state-metrics container requests; the <c>resource</c> label says cpu (cores) or memory (bytes).</summary>
    public static readonly IReadOnlyList<string> DefaultRequested = ["kube_pod_container_resource_requests"];

    public string[]? Requested { get; set; }

    public IReadOnlyList<string> RequestedNames => Requested ?? DefaultRequested;

    /// <summary>kube-state-metrics' last termination reason; a sample with <c>reason="OOMKilled"</c> and value 1 is an OOM kill.</summary>
    public static readonly IReadOnlyList<string> DefaultLastTerminatedReason = ["kube_pod_container_status_last_terminated_reason"];

    public string[]? LastTerminatedReason { get; set; }

    public IReadOnlyList<string> LastTerminatedReasonNames => LastTerminatedReason ?? DefaultLastTerminatedReason;

    /// <summary>(dimension, metric) pairs for <c>utilisation_rollup</c>; the dimensions are the names the idle SQL reads.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> RollupMetrics() =>
    [
        .. Pairs("cpu_ratio", CpuRatioNames), .. Pairs("cpu_cores", CpuCoresNames), .. Pairs("mem_ratio", MemoryRatioNames), .. Pairs("mem_bytes", MemoryBytesNames),
        .. Pairs("network", NetworkNames), .. Pairs("attached", AttachedNames), .. Pairs("connections", ConnectionsNames), .. Pairs("requests", RequestsNames),
        .. Pairs("healthy", HealthyTargetsNames),
    ];

    internal IEnumerable<string> Validate(string prefix)
    {
        foreach (var (name, list) in new[]
        {
            (nameof(CpuRatio), CpuRatio), (nameof(CpuCores), CpuCores), (nameof(MemoryRatio), MemoryRatio), (nameof(MemoryBytes), MemoryBytes),
            (nameof(Network), Network), (nameof(Attached), Attached), (nameof(Connections), Connections), (nameof(Requests), Requests),
            (nameof(HealthyTargets), HealthyTargets), (nameof(Requested), Requested), (nameof(LastTerminatedReason), LastTerminatedReason),
        })
        {
            if (list is not null && list.Any(string.IsNullOrWhiteSpace))
            {
                yield return $"{prefix}:{name} must not contain empty names";
            }
        }
        var all = RollupMetrics().GroupBy(p => p.Value, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        foreach (var metric in all)
        {
            yield return $"{prefix}: metric {metric} is listed under more than one statistic";
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> Pairs(string dimension, IEnumerable<string> metrics) =>
        metrics.Select(m => new KeyValuePair<string, string>(dimension, m));
}
