using System.Globalization;

namespace Platform.Insights.Analytics.Idle;

/// <summary>
/// The numbers the idle rules compare with (defaults: AWS's idle-instance and Trusted Advisor low-utilisation
/// checks, kube-janitor-style abandonment, the volume / IP / database / load-balancer ages). Configured
/// under <c>Insights:Idle:Thresholds</c>, overridden per environment (<c>Insights:Idle:Environments:ENV:NAME</c>)
/// and per resource by a FOCUS tag <c>insights.platform/idle-KEBAB-NAME</c> (e.g. <c>insights.platform/idle-cpu-threshold</c>
/// for <see cref="VmCpuP95"/>), so one overly busy-looking database need not change everyone's rule.
/// </summary>
public sealed record IdleThresholds
{
    /// <summary>VM: P95 of the daily CPU maxima must be below this share (AWS: 3 %).</summary>
    public double VmCpuP95 { get; init; } = 0.03;

    /// <summary>VM: the daily average CPU of each of the last <see cref="VmRecentDays"/> days must be at most this.</summary>
    public double VmCpuDailyAverage { get; init; } = 0.02;

    public double VmRecentDays { get; init; } = 3;

    /// <summary>VM: a day is quiet on the network at or below this many bytes (in + out).</summary>
    public double VmNetworkBytesPerDay { get; init; } = 5_000_000;

    /// <summary>VM: quiet network days needed in the window.</summary>
    public double VmQuietDays { get; init; } = 13;

    /// <summary>Trusted Advisor "low utilisation": daily average CPU at most this share …</summary>
    public double LowUtilisationCpu { get; init; } = 0.10;

    /// <summary>… and network at most this many bytes …</summary>
    public double LowUtilisationNetworkBytesPerDay { get; init; } = 5_000_000;

    /// <summary>… on at least this many days of the window.</summary>
    public double LowUtilisationDays { get; init; } = 4;

    /// <summary>Kubernetes workload: mean traffic below this many bytes per second …</summary>
    public double K8sTrafficMean { get; init; } = 100;

    /// <summary>… and its P99 below this (1 KiB/s) …</summary>
    public double K8sTrafficP99 { get; init; } = 1024;

    /// <summary>… and CPU P95 per replica below this many cores (5 mCPU).</summary>
    public double K8sCpuP95Cores { get; init; } = 0.005;

    /// <summary>Utilisation a rightsized resource should run at: CPU P95 / this, memory maximum / this.</summary>
    public double TargetUtilisation { get; init; } = 0.65;

    /// <summary>A resource that would need at most this share of what it has is over-provisioned (one size down halves it).</summary>
    public double RightsizeBelow { get; init; } = 0.5;

    /// <summary>Volume: unattached this many days → a finding …</summary>
    public double VolumeUnattachedDays { get; init; } = 15;

    /// <summary>… and this many → eligible for action.</summary>
    public double VolumeActionDays { get; init; } = 32;

    /// <summary>Public IP: unassociated this many days → finding (and action).</summary>
    public double PublicIpUnassociatedDays { get; init; } = 15;

    /// <summary>Database: at most this many connections at any time in the window (zero).</summary>
    public double DatabaseConnections { get; init; }

    /// <summary>Load balancer: fewer requests than this in the window, or no healthy target at all.</summary>
    public double LoadBalancerRequests { get; init; } = 100;

    /// <summary>Scheduled: a day is busy when its CPU maximum reaches this share (Trusted Advisor's 10 %) …</summary>
    public double ScheduledBusyCpu { get; init; } = 0.10;

    /// <summary>… and the resource is scheduled, not active, when at least this share of its days were quiet.</summary>
    public double ScheduledQuietShare { get; init; } = 0.6;

    /// <summary>The threshold names (as configured) with their tag suffixes, e.g. <c>VmCpuP95</c> ↔ <c>cpu-threshold</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> TagSuffixes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(VmCpuP95)] = "cpu-threshold",
        [nameof(VmCpuDailyAverage)] = "cpu-daily-average",
        [nameof(VmRecentDays)] = "recent-days",
        [nameof(VmNetworkBytesPerDay)] = "network-bytes-per-day",
        [nameof(VmQuietDays)] = "quiet-days",
        [nameof(LowUtilisationCpu)] = "low-cpu",
        [nameof(LowUtilisationNetworkBytesPerDay)] = "low-network-bytes-per-day",
        [nameof(LowUtilisationDays)] = "low-days",
        [nameof(K8sTrafficMean)] = "traffic-mean",
        [nameof(K8sTrafficP99)] = "traffic-p99",
        [nameof(K8sCpuP95Cores)] = "cpu-cores",
        [nameof(TargetUtilisation)] = "target-utilisation",
        [nameof(RightsizeBelow)] = "rightsize-below",
        [nameof(VolumeUnattachedDays)] = "unattached-days",
        [nameof(VolumeActionDays)] = "action-days",
        [nameof(PublicIpUnassociatedDays)] = "unassociated-days",
        [nameof(DatabaseConnections)] = "connections",
        [nameof(LoadBalancerRequests)] = "requests",
        [nameof(ScheduledBusyCpu)] = "busy-cpu",
        [nameof(ScheduledQuietShare)] = "quiet-share",
    };

    public const string TagPrefix = "insights.platform/idle-";

    /// <summary>These thresholds with one replaced by name (configuration name, case-insensitive); false for an unknown name.</summary>
    public bool TryWith(string name, double value, out IdleThresholds result)
    {
        result = name.ToUpperInvariant() switch
        {
            "VMCPUP95" => this with { VmCpuP95 = value },
            "VMCPUDAILYAVERAGE" => this with { VmCpuDailyAverage = value },
            "VMRECENTDAYS" => this with { VmRecentDays = value },
            "VMNETWORKBYTESPERDAY" => this with { VmNetworkBytesPerDay = value },
            "VMQUIETDAYS" => this with { VmQuietDays = value },
            "LOWUTILISATIONCPU" => this with { LowUtilisationCpu = value },
            "LOWUTILISATIONNETWORKBYTESPERDAY" => this with { LowUtilisationNetworkBytesPerDay = value },
            "LOWUTILISATIONDAYS" => this with { LowUtilisationDays = value },
            "K8STRAFFICMEAN" => this with { K8sTrafficMean = value },
            "K8STRAFFICP99" => this with { K8sTrafficP99 = value },
            "K8SCPUP95CORES" => this with { K8sCpuP95Cores = value },
            "TARGETUTILISATION" => this with { TargetUtilisation = value },
            "RIGHTSIZEBELOW" => this with { RightsizeBelow = value },
            "VOLUMEUNATTACHEDDAYS" => this with { VolumeUnattachedDays = value },
            "VOLUMEACTIONDAYS" => this with { VolumeActionDays = value },
            "PUBLICIPUNASSOCIATEDDAYS" => this with { PublicIpUnassociatedDays = value },
            "DATABASECONNECTIONS" => this with { DatabaseConnections = value },
            "LOADBALANCERREQUESTS" => this with { LoadBalancerRequests = value },
            "SCHEDULEDBUSYCPU" => this with { ScheduledBusyCpu = value },
            "SCHEDULEDQUIETSHARE" => this with { ScheduledQuietShare = value },
            _ => null!,
        };
        return result is not null;
    }

    /// <summary>
    /// These thresholds with the resource's <c>insights.platform/idle-*</c> tags applied; a tag that does not parse as
    /// a non-negative number is ignored (a typo in one tag must not make a resource deletable), and named in <paramref name="ignored"/>.
    /// </summary>
    public IdleThresholds WithTags(IReadOnlyDictionary<string, string> tags, out IReadOnlyList<string> applied, out IReadOnlyList<string> ignored)
    {
        var result = this;
        var used = new List<string>();
        var bad = new List<string>();
        foreach (var (name, suffix) in TagSuffixes)
        {
            if (!tags.TryGetValue(TagPrefix + suffix, out var text))
            {
                continue;
            }
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= 0
                && result.TryWith(name, value, out var changed))
            {
                result = changed;
                used.Add(TagPrefix + suffix);
            }
            else
            {
                bad.Add(TagPrefix + suffix);
            }
        }
        applied = used;
        ignored = bad;
        return result;
    }

    /// <summary>Problems with these values, each naming its key under <paramref name="prefix"/>.</summary>
    public IEnumerable<string> Validate(string prefix)
    {
        foreach (var (name, value) in Values())
        {
            if (!double.IsFinite(value) || value < 0)
            {
                yield return $"{prefix}:{name} must be a non-negative number";
            }
        }
        foreach (var (name, value) in new[] { (nameof(VmCpuP95), VmCpuP95), (nameof(VmCpuDailyAverage), VmCpuDailyAverage), (nameof(LowUtilisationCpu), LowUtilisationCpu), (nameof(ScheduledBusyCpu), ScheduledBusyCpu), (nameof(ScheduledQuietShare), ScheduledQuietShare), (nameof(RightsizeBelow), RightsizeBelow) })
        {
            if (value > 1)
            {
                yield return $"{prefix}:{name} is a share and must be at most 1 (e.g. 0.03 for 3 %)";
            }
        }
        if (TargetUtilisation is <= 0 or > 1)
        {
            yield return $"{prefix}:{nameof(TargetUtilisation)} must be in (0, 1]";
        }
        if (VolumeActionDays < VolumeUnattachedDays)
        {
            yield return $"{prefix}:{nameof(VolumeActionDays)} must be at least {nameof(VolumeUnattachedDays)}";
        }
    }

    /// <summary>Every threshold by configuration name, in a fixed order (the rule version hashes these).</summary>
    public IEnumerable<(string Name, double Value)> Values() =>
    [
        (nameof(VmCpuP95), VmCpuP95), (nameof(VmCpuDailyAverage), VmCpuDailyAverage), (nameof(VmRecentDays), VmRecentDays),
        (nameof(VmNetworkBytesPerDay), VmNetworkBytesPerDay), (nameof(VmQuietDays), VmQuietDays), (nameof(LowUtilisationCpu), LowUtilisationCpu),
        (nameof(LowUtilisationNetworkBytesPerDay), LowUtilisationNetworkBytesPerDay), (nameof(LowUtilisationDays), LowUtilisationDays),
        (nameof(K8sTrafficMean), K8sTrafficMean), (nameof(K8sTrafficP99), K8sTrafficP99), (nameof(K8sCpuP95Cores), K8sCpuP95Cores),
        (nameof(TargetUtilisation), TargetUtilisation), (nameof(RightsizeBelow), RightsizeBelow), (nameof(VolumeUnattachedDays), VolumeUnattachedDays),
        (nameof(VolumeActionDays), VolumeActionDays), (nameof(PublicIpUnassociatedDays), PublicIpUnassociatedDays),
        (nameof(DatabaseConnections), DatabaseConnections), (nameof(LoadBalancerRequests), LoadBalancerRequests),
        (nameof(ScheduledBusyCpu), ScheduledBusyCpu), (nameof(ScheduledQuietShare), ScheduledQuietShare),
    ];
}
