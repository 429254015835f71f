using System.ComponentModel.DataAnnotations;

namespace Platform.Insights.Cleanup;

/// <summary>
/// Cleanup guardrails (section <c>Insights:Cleanup</c>): dry-run by default, a grace period, protected tags.
/// The Hangfire jobs that use them are issue 8; the guardrails are validated at start-up now.
/// </summary>
public sealed class CleanupOptions : IValidatableObject
{
    public const string Section = "Insights:Cleanup";

    /// <summary>Report what would be done, change nothing. Only an explicit false acts.</summary>
    public bool DryRun { get; set; } = true;

    /// <summary>How long a finding must stand before any action.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Tag keys (or key=value) that protect a resource from any action.</summary>
    public string[] ProtectedTags { get; set; } = ["do-not-delete", "insights.platform/protected=true"];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (GracePeriod < TimeSpan.FromDays(1))
        {
            yield return new ValidationResult($"{Section}:GracePeriod must be at least one day (is {GracePeriod})", [nameof(GracePeriod)]);
        }
        if (ProtectedTags.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult($"{Section}:ProtectedTags must not contain empty entries", [nameof(ProtectedTags)]);
        }
    }
}
