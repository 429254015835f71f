using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Platform.Insights.Analytics.Idle;

/// <summary>
/// Settings of the idle-resource detection (section <c>Insights:Idle</c>): each rule's window, the coverage a verdict
/// needs, the default <see cref="Thresholds"/>, per-environment overrides of single thresholds and windows
/// (<c>Insights:Idle:Environments:staging:VmCpuP95 = 0.05</c>, <c>Insights:Idle:Environments:dev:VmWindowDays = 7</c>),
/// the metric names, and how the persisted runs are refreshed and bounded in age. Validated at start-up; a bad or
/// unknown name fails naming its key.
/// </summary>
public sealed class IdleOptions : IValidatableObject
{
    public const string Section = "Insights:Idle";

    /// <summary>VM / instance and database window (AWS: 14 days).</summary>
    public int VmWindowDays { get; set; } = 14;

    /// <summary>Kubernetes workload and load balancer window.</summary>
    public int K8sWindowDays { get; set; } = 7;

    /// <summary>How far back a busy day makes an otherwise idle resource "Scheduled" (month-end jobs).</summary>
    public int ScheduledLookbackDays { get; set; } = 35;

    /// <summary>Below this share of expected samples in the window the verdict is Undetermined.</summary>
    public double MinimumCoverage { get; set; } = 0.9;

    /// <summary>A resource with no sample for this long before "as of" has a silent metric source: Undetermined.</summary>
    public TimeSpan SilentAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Days of FOCUS billing (ending at "as of") a finding's monthly savings are averaged from.</summary>
    public int BillingDays { get; set; } = 30;

    public IdleThresholds Thresholds { get; set; } = new();

    /// <summary>
    /// Resources one detection pass reads: a larger fleet is read in passes of whole resources (by a hash of the resource
    /// id), so the per-resource window statistics fit the store's memory limit — 100,000 resources × 14 days in one pass
    /// ran out of a 1 GiB limit (BENCHMARKS.md §26). Findings are the same for any value.
    /// </summary>
    public int ResourcesPerPass { get; set; } = 10_000;

    /// <summary>How often the server's <see cref="IdleRefreshService"/> looks for new data and recomputes the findings.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Staleness bound: findings of a run that read the store longer ago than this are served as stale and never
    /// actionable (cleanup holds or skips them) until a newer run completes.
    /// </summary>
    public TimeSpan MaxFindingAge { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Complete runs kept in <c>idle_runs</c> / <c>idle_findings</c> (the newest; older ones are deleted by each run).</summary>
    public int KeepRuns { get; set; } = 3;

    /// <summary>Per environment (the <c>env</c> / <c>environment</c> label or tag), threshold or window name → value.</summary>
    public Dictionary<string, Dictionary<string, double>> Environments { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public IdleMetricOptions Metrics { get; set; } = new();

    /// <summary>The thresholds for an environment: the defaults with that environment's overrides.</summary>
    public IdleThresholds For(string? environment)
    {
        if (environment is null || !Environments.TryGetValue(environment, out var overrides))
        {
            return Thresholds;
        }
        var result = Thresholds;
        foreach (var (name, value) in overrides)
        {
            if (result.TryWith(name, value, out var changed))
            {
                result = changed;
            }
        }
        return result;
    }

    /// <summary>The rule windows for an environment: the defaults with that environment's <c>VmWindowDays</c> / <c>K8sWindowDays</c>.</summary>
    public IdleWindows WindowsFor(string? environment) =>
        new IdleWindows(VmWindowDays, K8sWindowDays).With(environment is not null && Environments.TryGetValue(environment, out var overrides) ? overrides : null);

    /// <summary>
    /// Day counts are not scaled with a window (the issue's rules are "13 of 14 days"): one larger than its window could
    /// never be met, so an environment's shorter window must come with its own counts (e.g. dev: VmWindowDays 7, VmQuietDays 6).
    /// </summary>
    private static IEnumerable<string> DayCounts(string prefix, IdleThresholds t, IdleWindows w)
    {
        foreach (var (name, days) in new[] { (nameof(t.VmQuietDays), t.VmQuietDays), (nameof(t.VmRecentDays), t.VmRecentDays), (nameof(t.LowUtilisationDays), t.LowUtilisationDays) })
        {
            if (days > w.Vm)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{prefix}:{name} is {days} days but the VM window is {w.Vm} days: set {name} for this window too");
            }
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value, min, max) in new[]
        {
            (nameof(VmWindowDays), VmWindowDays, 1, 90), (nameof(K8sWindowDays), K8sWindowDays, 1, 90),
            (nameof(ScheduledLookbackDays), ScheduledLookbackDays, 1, 120), (nameof(BillingDays), BillingDays, 1, 92),
        })
        {
            if (value < min || value > max)
            {
                yield return new ValidationResult($"{Section}:{name} must be between {min} and {max} days", [name]);
            }
        }
        if (ScheduledLookbackDays < Math.Max(VmWindowDays, K8sWindowDays))
        {
            yield return new ValidationResult($"{Section}:{nameof(ScheduledLookbackDays)} must be at least the longest rule window", [nameof(ScheduledLookbackDays)]);
        }
        if (!double.IsFinite(MinimumCoverage) || MinimumCoverage is <= 0 or > 1)
        {
            yield return new ValidationResult($"{Section}:{nameof(MinimumCoverage)} must be in (0, 1] (e.g. 0.9)", [nameof(MinimumCoverage)]);
        }
        if (RefreshInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:{nameof(RefreshInterval)} must be positive (e.g. 00:15:00)", [nameof(RefreshInterval)]);
        }
        if (MaxFindingAge < RefreshInterval)
        {
            yield return new ValidationResult($"{Section}:{nameof(MaxFindingAge)} must be at least {nameof(RefreshInterval)} (findings would go stale between two refreshes)", [nameof(MaxFindingAge)]);
        }
        if (ResourcesPerPass is < 1 or > 10_000_000)
        {
            yield return new ValidationResult($"{Section}:{nameof(ResourcesPerPass)} must be between 1 and 10000000", [nameof(ResourcesPerPass)]);
        }
        if (KeepRuns is < 1 or > 100)
        {
            yield return new ValidationResult($"{Section}:{nameof(KeepRuns)} must be between 1 and 100", [nameof(KeepRuns)]);
        }
        if (SilentAfter <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:{nameof(SilentAfter)} must be positive", [nameof(SilentAfter)]);
        }
        foreach (var problem in (Thresholds ?? new IdleThresholds()).Validate($"{Section}:{nameof(Thresholds)}"))
        {
            yield return new ValidationResult(problem, [nameof(Thresholds)]);
        }
        foreach (var (environment, overrides) in Environments)
        {
            var prefix = $"{Section}:{nameof(Environments)}:{environment}";
            foreach (var name in overrides.Keys.Where(k => !IdleThresholds.TagSuffixes.ContainsKey(k) && !IdleWindows.IsKey(k)))
            {
                yield return new ValidationResult($"{prefix}:{name} is not an idle threshold or window (known: {IdleWindows.VmKey}, {IdleWindows.K8sKey}, {string.Join(", ", IdleThresholds.TagSuffixes.Keys)})", [nameof(Environments)]);
            }
            foreach (var (name, days) in overrides.Where(o => IdleWindows.IsKey(o.Key)))
            {
                if (!IdleWindows.IsValid(days, Math.Min(90, ScheduledLookbackDays)))
                {
                    yield return new ValidationResult($"{prefix}:{name} must be a whole number of days between 1 and {Math.Min(90, ScheduledLookbackDays)} ({nameof(ScheduledLookbackDays)})", [nameof(Environments)]);
                }
            }
            foreach (var problem in For(environment).Validate(prefix))
            {
                yield return new ValidationResult(problem, [nameof(Environments)]);
            }
            foreach (var problem in overrides.Keys.Any(IdleWindows.IsKey) ? DayCounts(prefix, For(environment), WindowsFor(environment)) : [])
            {
                yield return new ValidationResult(problem, [nameof(Environments)]);
            }
        }
        foreach (var problem in (Metrics ?? new IdleMetricOptions()).Validate($"{Section}:{nameof(Metrics)}"))
        {
            yield return new ValidationResult(problem, [nameof(Metrics)]);
        }
    }
}
