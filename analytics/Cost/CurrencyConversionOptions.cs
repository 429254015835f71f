using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// An optional conversion table (section <c>Insights:Cost:Currency</c>): costs in a currency listed in <see cref="Rates"/>
/// are converted into <see cref="Reporting"/> at that fixed rate (units of the reporting currency per unit) before any
/// KPI sums them. Without it, or for a currency not listed, every figure stays per BillingCurrency.
/// </summary>
public sealed partial class CurrencyConversionOptions : IValidatableObject
{
    public const string Section = "Insights:Cost:Currency";

    /// <summary>The ISO 4217 code reports use when rates are configured, e.g. <c>USD</c>.</summary>
    public string? Reporting { get; set; }

    /// <summary>Currency code → units of <see cref="Reporting"/> per unit, e.g. <c>EUR: 1.08</c>.</summary>
    public Dictionary<string, decimal> Rates { get; set; } = new(StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Rates.Count > 0 && (Reporting is null || !CurrencyCode().IsMatch(Reporting)))
        {
            yield return new ValidationResult($"{Section}:Reporting must be a 3-letter currency code when {Section}:Rates are set", [nameof(Reporting)]);
        }
        foreach (var (currency, rate) in Rates)
        {
            if (!CurrencyCode().IsMatch(currency))
            {
                yield return new ValidationResult($"{Section}:Rates:{currency} is not a 3-letter currency code", [nameof(Rates)]);
            }
            if (rate <= 0)
            {
                yield return new ValidationResult($"{Section}:Rates:{currency} must be a positive rate", [nameof(Rates)]);
            }
        }
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}
