using System.ComponentModel.DataAnnotations;

namespace Platform.Insights.Analytics.Idle;

/// <summary>
/// Settings of the idle-resource detection (section <c>Insights:Idle</c>): each rule's window, the coverage a verdict
/// needs, the default <see cref="Thresholds"/>, per-environment overrides of single thresholds
/// (<c>Insights:Idle:Environments:staging:VmCpuP95 = 0.05</c>) and the metric names. Validated at start-up; a bad or
/// unknown threshold name fails naming its key.
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

    /// <summary>Per environment (the <c>env</c> / <c>environment</c> label or tag), threshold name → value.</summary>
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
            foreach (var name in overrides.Keys.Where(k => !IdleThresholds.TagSuffixes.ContainsKey(k)))
            {
                yield return new ValidationResult($"{prefix}:{name} is not an idle threshold (known: {string.Join(", ", IdleThresholds.TagSuffixes.Keys)})", [nameof(Environments)]);
            }
            foreach (var problem in For(environment).Validate(prefix))
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
