using System.ComponentModel.DataAnnotations;

namespace Platform.Insights.Analytics.Cost;

/// <summary>
/// Settings of the cost KPIs (section <c>Insights:Cost</c>; <c>Insights:Cost:Allocation</c> is <see cref="CostAllocationOptions"/>):
/// the baseline period that cost reduction is measured against, monthly budgets, the forecast's trailing window,
/// the anomaly detector's thresholds and the request counters that unit cost divides by.
/// Unset lists take the defaults below; a configured list replaces its default (it is not appended to it).
/// </summary>
public sealed class CostKpiOptions : IValidatableObject
{
    public const string Section = "Insights:Cost";

    public static readonly IReadOnlyList<string> DefaultRequestMetrics = ["http_requests_total", "http_server_requests_seconds_count", "http_server_request_duration_seconds_count"];

    /// <summary>The period cost reduction is measured against; both dates or neither.</summary>
    public CostBaselineOptions Baseline { get; set; } = new();

    /// <summary>Monthly budgets per team or service.</summary>
    public List<CostBudget> Budgets { get; set; } = [];

    /// <summary>Complete days of spend whose mean and spread project the rest of the month.</summary>
    public int ForecastTrailingDays { get; set; } = 14;

    public CostAnomalyOptions Anomalies { get; set; } = new();

    /// <summary>Counter metrics (in <c>metric_samples</c>) that count a service's requests.</summary>
    public string[]? RequestMetrics { get; set; }

    public IReadOnlyList<string> RequestMetricNames => RequestMetrics ?? DefaultRequestMetrics;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var error in Baseline.Validate($"{Section}:Baseline"))
        {
            yield return new ValidationResult(error, [nameof(Baseline)]);
        }
        for (var i = 0; i < Budgets.Count; i++)
        {
            foreach (var error in Budgets[i].Validate($"{Section}:Budgets:{i}"))
            {
                yield return new ValidationResult(error, [nameof(Budgets)]);
            }
        }
        if (ForecastTrailingDays is < 2 or > 366)
        {
            yield return new ValidationResult($"{Section}:ForecastTrailingDays must be between 2 and 366", [nameof(ForecastTrailingDays)]);
        }
        foreach (var error in Anomalies.Validate($"{Section}:Anomalies"))
        {
            yield return new ValidationResult(error, [nameof(Anomalies)]);
        }
        if (RequestMetrics is not null && RequestMetrics.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult($"{Section}:RequestMetrics must not contain empty names", [nameof(RequestMetrics)]);
        }
    }
}
