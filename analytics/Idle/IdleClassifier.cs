using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Insights.Analytics.Idle;

/// <summary>
/// Applies the idle rules (thresholds of <see cref="IdleOptions"/> for the resource's environment, then its
/// <c>insights.platform/idle-*</c> tags) to one resource's statistics: exactly one finding per resource, under the rule
/// that decided it. Undetermined (coverage, age, silent source, missing metric) comes first and is never actionable;
/// Scheduled comes before Idle, so a month-end job is never deleted.
/// </summary>
internal sealed partial class IdleClassifier(IdleOptions options, DateTime asOf)
{
    /// <summary>Version of the rules' definitions; bumped when a rule's logic (not its thresholds) changes.</summary>
    public const string DefinitionVersion = "1";

    public DateTime AsOf { get; } = asOf;

    public IdleOptions Options { get; } = options;

    public IdleFinding Classify(IdleResourceStats r)
    {
        var environment = r.Environment ?? Tag(r.Tags, "env") ?? Tag(r.Tags, "environment");
        var thresholds = Options.For(environment).WithTags(r.Tags, out var appliedThresholds, out var ignoredThresholds);
        List<string> applied = [.. appliedThresholds], ignored = [.. ignoredThresholds];
        var windows = Options.WindowsFor(environment).WithTags(r.Tags, Math.Min(90, Options.ScheduledLookbackDays), applied, ignored);
        var type = TypeOf(r);
        var context = new Context(r, type, environment, thresholds, windows, RuleVersion(thresholds, windows), applied, ignored);
        if (r.Windows is { } read && read != windows)
        {
            // The SQL resolves each resource's windows itself (its window statistics need them); should it ever disagree
            // with these, the statistics are over the wrong span and no verdict may be drawn from them.
            return context.Undetermined(this, type + ".windows", Math.Max(windows.Vm, windows.K8s), string.Create(CultureInfo.InvariantCulture,
                $"the statistics were read over {read.Vm}/{read.K8s}-day windows, the rules resolve {windows.Vm}/{windows.K8s}"));
        }
        return type switch
        {
            IdleResourceTypes.K8sWorkload => KubernetesWorkload(context),
            IdleResourceTypes.Volume => Unattached(context, "volume.unattached", thresholds.VolumeUnattachedDays, thresholds.VolumeActionDays, "snapshot, then delete the volume"),
            IdleResourceTypes.PublicIp => Unattached(context, "public_ip.unassociated", thresholds.PublicIpUnassociatedDays, thresholds.PublicIpUnassociatedDays, "release the address"),
            IdleResourceTypes.Database => Database(context),
            IdleResourceTypes.LoadBalancer => LoadBalancer(context),
            _ => Vm(context),
        };
    }

    /// <summary>Stable id of a resource's finding under a rule: the same on every run and every host.</summary>
    public static string FindingId(string resourceId, string rule) =>
        "idl_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(resourceId + "\n" + rule)))[..20];

    private static string TypeOf(IdleResourceStats r)
    {
        if (r.ResourceType is { Length: > 0 } type)
        {
            return type;
        }
        bool Has(Func<IdleDay, double?> pick) => r.Days.Any(d => pick(d) is not null);
        return Has(d => d.AttachedMax) ? IdleResourceTypes.Volume
            : Has(d => d.ConnectionsMax) ? IdleResourceTypes.Database
            : Has(d => d.Requests) || Has(d => d.HealthyMax) ? IdleResourceTypes.LoadBalancer
            : Has(d => d.CoresMax) || r.CpuRequestCores is not null ? IdleResourceTypes.K8sWorkload
            : IdleResourceTypes.Vm;
    }

    /// <summary>The definition version and a hash of everything the verdict was judged with: thresholds, windows, coverage.</summary>
    private string RuleVersion(IdleThresholds thresholds, IdleWindows windows)
    {
        var text = string.Join(";", thresholds.Values().Select(v => v.Name + "=" + v.Value.ToString("R", CultureInfo.InvariantCulture)))
            + string.Create(CultureInfo.InvariantCulture, $";windows={windows.Vm},{windows.K8s},{Options.ScheduledLookbackDays};coverage={Options.MinimumCoverage:R}");
        return DefinitionVersion + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];
    }

    private IdleFinding Vm(Context c)
    {
        const string rule = "vm.idle";
        var t = c.Thresholds;
        var window = c.Windows.Vm;
        if (Undetermined(c, rule, window, d => d.CpuMax) is { } undetermined)
        {
            return undetermined;
        }
        if (Scheduled(c, "vm.scheduled", window, d => d.CpuMax is { } m ? m >= t.ScheduledBusyCpu : null) is { } scheduled)
        {
            return scheduled;
        }
        var days = InWindow(c, window);
        var cpuP95 = IdleMath.Quantile(days.Where(d => d.CpuMax is not null).Select(d => d.CpuMax!.Value), 0.95);
        var recent = days.Where(d => d.DaysAgo < t.VmRecentDays && d.CpuAvg is not null).Select(d => d.CpuAvg!.Value).DefaultIfEmpty(double.NaN).Max();
        var quietNetwork = days.Count(d => d.NetworkBytes is { } b && b <= t.VmNetworkBytesPerDay);
        var hasNetwork = days.Any(d => d.NetworkBytes is not null);
        if (!hasNetwork)
        {
            return c.Undetermined(this, rule, window, "no network metric: the idle rule needs CPU and network");
        }
        c.Stat("cpu_p95_of_daily_max", cpuP95, "<", t.VmCpuP95, "ratio", cpuP95 < t.VmCpuP95);
        c.Stat("cpu_daily_average_recent_max", double.IsNaN(recent) ? null : recent, "<=", t.VmCpuDailyAverage, "ratio", recent <= t.VmCpuDailyAverage);
        c.Stat("network_quiet_days", quietNetwork, ">=", t.VmQuietDays, "days", quietNetwork >= t.VmQuietDays);
        c.Stat("network_quiet_day_bytes", null, "<=", t.VmNetworkBytesPerDay, "bytes_per_day", true);
        if (c.AllPassed)
        {
            return c.Finding(this, rule, IdleState.Idle, window, actionable: true, c.MonthlyCost, "stop, snapshot, then terminate the instance", SinceQuiet(c));
        }

        // AWS Trusted Advisor "Low Utilization Amazon EC2 Instances": ≤ 10 % CPU and ≤ 5 MB network on ≥ 4 days of 14.
        var low = days.Count(d => d.CpuAvg is { } a && a <= t.LowUtilisationCpu && d.NetworkBytes is { } b && b <= t.LowUtilisationNetworkBytesPerDay);
        var lowContext = c.Fresh();
        lowContext.Stat("low_utilisation_days", low, ">=", t.LowUtilisationDays, "days", low >= t.LowUtilisationDays);
        lowContext.Stat("low_utilisation_cpu", null, "<=", t.LowUtilisationCpu, "ratio", true);
        lowContext.Stat("low_utilisation_network_bytes_per_day", null, "<=", t.LowUtilisationNetworkBytesPerDay, "bytes_per_day", true);
        if (low >= t.LowUtilisationDays)
        {
            return lowContext.Finding(this, "vm.low_utilisation", IdleState.Underutilized, window, actionable: false, c.MonthlyCost is { } m ? decimal.Round(m * (decimal)(1 - t.RightsizeBelow), 2) : null,
                string.Create(CultureInfo.InvariantCulture, $"low utilisation on {low} of {window} days: rightsize one size down or stop it"), null);
        }
        return RatioRightsize(c, "vm.rightsize", window, c.R.LongCpuRatioP95, c.R.LongMemoryRatioMax) ?? c.Finding(this, rule, IdleState.Active, window, actionable: false, null, "none: in use", null);
    }

    /// <summary>Rightsizing from utilisation ratios (no request metrics): the share of capacity it would need at the target utilisation.</summary>
    private IdleFinding? RatioRightsize(Context c, string rule, int window, double? cpuP95, double? memoryMax)
    {
        var t = c.Thresholds;
        if (cpuP95 is null)
        {
            return null;
        }
        var needed = Math.Max(cpuP95.Value, memoryMax ?? 0) / t.TargetUtilisation;
        var rightsize = c.Fresh();
        rightsize.Stat("cpu_p95", cpuP95, "<=", t.RightsizeBelow * t.TargetUtilisation, "ratio", cpuP95 <= t.RightsizeBelow * t.TargetUtilisation);
        rightsize.Stat("memory_max", memoryMax, "<=", t.RightsizeBelow * t.TargetUtilisation, "ratio", memoryMax is null || memoryMax <= t.RightsizeBelow * t.TargetUtilisation);
        rightsize.Stat("needed_share_of_capacity", needed, "<=", t.RightsizeBelow, "ratio", needed <= t.RightsizeBelow);
        if (needed > t.RightsizeBelow)
        {
            return null;
        }
        return rightsize.Finding(this, rule, IdleState.Underutilized, window, actionable: false,
            c.MonthlyCost is { } m ? decimal.Round(m * (decimal)(1 - t.RightsizeBelow), 2) : null,
            string.Create(CultureInfo.InvariantCulture, $"one size down: it needs {needed:P0} of its capacity at {t.TargetUtilisation:P0} target utilisation"), null);
    }

    private IdleFinding KubernetesWorkload(Context c)
    {
        const string rule = "k8s.abandoned";
        var t = c.Thresholds;
        var window = c.Windows.K8s;
        var r = c.R;
        var cores = r.ShortCpuCoresP95 is not null;
        if (Undetermined(c, rule, window, d => cores ? d.CoresMax : d.CpuMax ?? d.CoresMax) is { } undetermined)
        {
            return undetermined;
        }
        var busyCores = (r.CpuRequestCores ?? 1.0) * t.ScheduledBusyCpu;
        if (Scheduled(c, "k8s.scheduled", window, d => d.CpuMax is { } m ? m >= t.ScheduledBusyCpu : d.CoresMax is { } k ? k >= busyCores : null) is { } scheduled)
        {
            return scheduled;
        }
        if (r.ShortTrafficMean is null)
        {
            return c.Undetermined(this, rule, window, "no network metric: the abandonment rule needs traffic and CPU");
        }
        c.Stat("traffic_mean", r.ShortTrafficMean, "<", t.K8sTrafficMean, "bytes_per_second", r.ShortTrafficMean < t.K8sTrafficMean);
        c.Stat("traffic_p99", r.ShortTrafficP99, "<", t.K8sTrafficP99, "bytes_per_second", r.ShortTrafficP99 < t.K8sTrafficP99);
        if (cores)
        {
            c.Stat("cpu_p95_per_replica", r.ShortCpuCoresP95, "<", t.K8sCpuP95Cores, "cores", r.ShortCpuCoresP95 < t.K8sCpuP95Cores);
        }
        else
        {
            // Only a utilisation ratio (share of the request): judged against the VM idle line instead of 5 mCPU.
            c.Stat("cpu_p95_ratio", r.ShortCpuRatioP95, "<", t.VmCpuP95, "ratio", r.ShortCpuRatioP95 < t.VmCpuP95);
        }
        if (c.AllPassed)
        {
            return c.Finding(this, rule, IdleState.Idle, window, actionable: true, c.MonthlyCost, "scale to zero (keeping the replica count), then delete the workload", SinceQuiet(c));
        }
        return RequestRightsize(c, window) ?? RatioRightsize(c, "k8s.rightsize", window, r.ShortCpuRatioP95, r.ShortMemoryRatioMax)
            ?? c.Finding(this, rule, IdleState.Active, window, actionable: false, null, "none: in use", null);
    }

    /// <summary>Rightsizing from kube-state-metrics requests vs cAdvisor usage (CPU P95 / target, memory max / target, no memory cut after an OOM kill).</summary>
    private IdleFinding? RequestRightsize(Context c, int window)
    {
        var t = c.Thresholds;
        var r = c.R;
        if (r.CpuRequestCores is not > 0 && r.MemoryRequestBytes is not > 0)
        {
            return null;
        }
        var (cpu, memory) = IdleMath.RecommendedRequests(r.ShortCpuCoresP95, r.ShortMemoryBytesMax, r.MemoryRequestBytes, r.OomKilled, t.TargetUtilisation);
        double? cpuShare = cpu is { } rc && r.CpuRequestCores is > 0 ? Math.Min(1, rc / r.CpuRequestCores.Value) : null;
        double? memoryShare = memory is { } rm && r.MemoryRequestBytes is > 0 ? Math.Min(1, rm / r.MemoryRequestBytes.Value) : null;
        var s = c.Fresh();
        s.Stat("cpu_request", r.CpuRequestCores, "=", r.CpuRequestCores ?? 0, "cores", true);
        s.Stat("cpu_recommended", cpu, "<=", (r.CpuRequestCores ?? 0) * t.RightsizeBelow, "cores", cpuShare <= t.RightsizeBelow);
        s.Stat("memory_request", r.MemoryRequestBytes, "=", r.MemoryRequestBytes ?? 0, "bytes", true);
        s.Stat("memory_recommended", memory, "<=", (r.MemoryRequestBytes ?? 0) * t.RightsizeBelow, "bytes", memoryShare <= t.RightsizeBelow);
        s.Stat("oom_killed", r.OomKilled ? 1 : 0, "=", 0, "count", !r.OomKilled);
        if (!(cpuShare <= t.RightsizeBelow || memoryShare <= t.RightsizeBelow))
        {
            return null;
        }
        // Cost assumed to follow CPU and memory requests half each (a reduction on one side saves half its share).
        var saved = (0.5 * (1 - (cpuShare ?? 1))) + (0.5 * (1 - (memoryShare ?? 1)));
        var text = string.Create(CultureInfo.InvariantCulture,
            $"set requests to {(cpu is { } x ? $"{Math.Ceiling(x * 1000):0}m CPU" : "unchanged CPU")}, {(memory is { } y ? $"{Math.Ceiling(y / 1048576):0}Mi memory" : "unchanged memory")}{(r.OomKilled ? " (memory not reduced: OOM-killed)" : "")}");
        return s.Finding(this, "k8s.rightsize", IdleState.Underutilized, window, actionable: false, c.MonthlyCost is { } m ? decimal.Round(m * (decimal)saved, 2) : null, text, null);
    }

    private static List<IdleDay> InWindow(Context c, int window) => [.. c.R.Days.Where(d => d.DaysAgo >= 0 && d.DaysAgo < window)];

    /// <summary>Start of the run of quiet days (CPU maximum under the busy line) that ends now.</summary>
    private DateTime? SinceQuiet(Context c)
    {
        var busy = c.Thresholds.ScheduledBusyCpu;
        var run = IdleMath.TrailingRun(c.R.Days, d => (d.CpuMax ?? 0) < busy, Options.ScheduledLookbackDays);
        var since = AsOf.AddDays(-run);
        return since < c.R.FirstHour ? c.R.FirstHour : since;
    }

    private static string? Tag(IReadOnlyDictionary<string, string> tags, string key) => tags.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
}
