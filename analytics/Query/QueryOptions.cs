using System.ComponentModel.DataAnnotations;

namespace Platform.Insights.Analytics.Query;

/// <summary><c>insights query</c> and <c>POST /api/v1/query</c> (section <c>Insights:Query</c>).</summary>
public sealed class QueryOptions : IValidatableObject
{
    public const string Section = "Insights:Query";

    /// <summary>
    /// How long one statement may run before DuckDB is interrupted (a cross join of two large tables would otherwise
    /// hold a core until it finishes). Between 1 second and 1 hour.
    /// </summary>
    public TimeSpan StatementTimeout { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StatementTimeout < TimeSpan.FromSeconds(1) || StatementTimeout > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult(
                $"{Section}:StatementTimeout must be between 00:00:01 and 01:00:00 (was {StatementTimeout})", [nameof(StatementTimeout)]);
        }
    }
}
