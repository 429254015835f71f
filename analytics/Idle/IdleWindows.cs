using System.Globalization;

namespace Platform.Insights.Analytics.Idle;

/// <summary>
/// The rule windows one resource is judged over: <see cref="Vm"/> days for VMs and databases, <see cref="K8s"/> days
/// for Kubernetes workloads and load balancers. Defaults <c>Insights:Idle:VmWindowDays</c> / <c>K8sWindowDays</c>,
/// per environment <c>Insights:Idle:Environments:ENV:VmWindowDays</c> (e.g. prod 14, dev 7), per resource the FOCUS tags
/// <c>insights.platform/idle-vm-window-days</c> / <c>idle-k8s-window-days</c>. <c>idle_resources.sql</c> resolves the
/// same way to compute each resource's window statistics; the classifier checks the two agree.
/// </summary>
public sealed record IdleWindows(int Vm, int K8s)
{
    public const string VmKey = "VmWindowDays";
    public const string K8sKey = "K8sWindowDays";
    public const string VmTag = IdleThresholds.TagPrefix + "vm-window-days";
    public const string K8sTag = IdleThresholds.TagPrefix + "k8s-window-days";

    /// <summary>Longest window any rule may use: a window needs its days inside the scheduled lookback's data.</summary>
    public static bool IsKey(string name) => string.Equals(name, VmKey, StringComparison.OrdinalIgnoreCase) || string.Equals(name, K8sKey, StringComparison.OrdinalIgnoreCase);

    /// <summary>A configured or tagged window: a whole number of days from 1 to <paramref name="maximum"/>.</summary>
    public static bool IsValid(double days, int maximum) => double.IsFinite(days) && days == Math.Floor(days) && days >= 1 && days <= maximum;

    /// <summary>These windows with the environment's overrides (already validated at start-up).</summary>
    public IdleWindows With(IReadOnlyDictionary<string, double>? overrides)
    {
        if (overrides is null)
        {
            return this;
        }
        var result = this;
        foreach (var (name, value) in overrides)
        {
            if (string.Equals(name, VmKey, StringComparison.OrdinalIgnoreCase))
            {
                result = result with { Vm = (int)value };
            }
            else if (string.Equals(name, K8sKey, StringComparison.OrdinalIgnoreCase))
            {
                result = result with { K8s = (int)value };
            }
        }
        return result;
    }

    /// <summary>
    /// These windows with the resource's window tags applied. A tag that is not a whole number of days from 1 to
    /// <paramref name="maximum"/> is ignored and named in <paramref name="ignored"/> (a typo must not make a resource deletable sooner).
    /// </summary>
    public IdleWindows WithTags(IReadOnlyDictionary<string, string> tags, int maximum, List<string> applied, List<string> ignored)
    {
        var result = this;
        foreach (var tag in new[] { VmTag, K8sTag })
        {
            if (!tags.TryGetValue(tag, out var text))
            {
                continue;
            }
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var days) && IsValid(days, maximum))
            {
                result = tag == VmTag ? result with { Vm = (int)days } : result with { K8s = (int)days };
                applied.Add(tag);
            }
            else
            {
                ignored.Add(tag);
            }
        }
        return result;
    }
}
