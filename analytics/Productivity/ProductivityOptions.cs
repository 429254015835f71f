using System.ComponentModel.DataAnnotations;

namespace Platform.Insights.Analytics.Productivity;

/// <summary>
/// Settings of the delivery KPIs (section <c>Insights:Productivity</c>): which <c>service.environment</c> names are
/// production (only successful deployments there count, as in DevLake), the DORA benchmark year used when none is
/// asked for, the baseline period the trends are measured against, which ECS field and values mark a deployment as
/// "through the platform" for adoption, and the seed's targets.
/// </summary>
public sealed class ProductivityOptions : IValidatableObject
{
    public const string Section = "Insights:Productivity";

    public const string DefaultPlatformField = "labels.pipeline";

    /// <summary>Matches every deployment in <see cref="PlatformPipelines"/>.</summary>
    public const string AnyPipeline = "*";

    public static readonly IReadOnlyList<string> DefaultProductionEnvironments = ["production", "prod"];

    public static readonly IReadOnlyList<string> DefaultPlatformPipelines = ["platform"];

    /// <summary><c>service.environment</c> values (compared without case) whose deployments are production deployments.</summary>
    public string[]? ProductionEnvironments { get; set; }

    /// <summary>DORA benchmarks used when a caller names none: 2023 (DevLake's default) or 2021.</summary>
    public DoraBenchmarks Benchmarks { get; set; } = DoraBenchmarks.Report2023;

    /// <summary>The period trends compare against; unset: the period of the same length just before the window.</summary>
    public BaselinePeriodOptions Baseline { get; set; } = new();

    /// <summary>
    /// The ECS field that says which pipeline made a deployment: <c>labels.NAME</c> (the event's labels) or any other
    /// field of the stored ECS document as a dotted path (e.g. <c>ci.provider</c>, nested or flattened). Default
    /// <c>labels.pipeline</c>, as the demo and the event conventions write it.
    /// </summary>
    public string PlatformField { get; set; } = DefaultPlatformField;

    /// <summary>
    /// Values of <see cref="PlatformField"/> (exact) that mark a deployment as made through the platform — only those
    /// count towards adoption. Default <c>platform</c>; <c>*</c> counts every successful production deployment (for an
    /// organisation whose deployments all go through the platform and carry no marker).
    /// </summary>
    public string[]? PlatformPipelines { get; set; }

    /// <summary>The seed's targets: development cycle time 50 % shorter than the baseline, environment setup 40 % shorter, 90 % self-service, 95 % adoption.</summary>
    public double CycleTimeReductionTarget { get; set; } = 0.5;

    public double SetupTimeReductionTarget { get; set; } = 0.4;

    public double SelfServiceTarget { get; set; } = 0.9;

    public double AdoptionTarget { get; set; } = 0.95;

    public IReadOnlyList<string> ProductionEnvironmentNames => ProductionEnvironments ?? DefaultProductionEnvironments;

    public IReadOnlyList<string> PlatformPipelineNames => PlatformPipelines ?? DefaultPlatformPipelines;

    /// <summary>
    /// Where <see cref="PlatformField"/> is read: the labels column for <c>labels.NAME</c>, else the raw ECS document;
    /// and the JSON paths to try there, nested first, then the dotted name as one flattened key.
    /// </summary>
    public (bool InLabels, string NestedPath, string FlatPath) PlatformFieldPaths()
    {
        var inLabels = PlatformField.StartsWith("labels.", StringComparison.Ordinal);
        var name = inLabels ? PlatformField["labels.".Length..] : PlatformField;
        return (inLabels, "$." + string.Join('.', name.Split('.').Select(p => $"\"{p}\"")), $"$.\"{name}\"");
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, list) in new[] { (nameof(ProductionEnvironments), ProductionEnvironments), (nameof(PlatformPipelines), PlatformPipelines) })
        {
            if (list is not null && (list.Length == 0 || list.Any(string.IsNullOrWhiteSpace)))
            {
                yield return new ValidationResult($"{Section}:{name} must list at least one name and no empty ones", [name]);
            }
        }
        if (string.IsNullOrWhiteSpace(PlatformField) || PlatformField == "labels." || !PlatformField.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@')
            || PlatformField.StartsWith('.') || PlatformField.EndsWith('.') || PlatformField.Contains("..", StringComparison.Ordinal))
        {
            yield return new ValidationResult($"{Section}:{nameof(PlatformField)} must be an ECS field name such as labels.pipeline (letters, digits, '.', '_', '-', '@')", [nameof(PlatformField)]);
        }
        if (!Enum.IsDefined(Benchmarks))
        {
            yield return new ValidationResult($"{Section}:Benchmarks must be Report2023 or Report2021", [nameof(Benchmarks)]);
        }
        foreach (var (name, value) in new[]
                 {
                     (nameof(CycleTimeReductionTarget), CycleTimeReductionTarget), (nameof(SetupTimeReductionTarget), SetupTimeReductionTarget),
                     (nameof(SelfServiceTarget), SelfServiceTarget), (nameof(AdoptionTarget), AdoptionTarget),
                 })
        {
            if (!(value is > 0 and <= 1))
            {
                yield return new ValidationResult($"{Section}:{name} must be a fraction in (0, 1] (e.g. 0.5 for 50 %)", [name]);
            }
        }
        foreach (var error in Baseline.Validate($"{Section}:Baseline"))
        {
            yield return new ValidationResult(error, [nameof(Baseline)]);
        }
    }
}
