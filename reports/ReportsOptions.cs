using System.ComponentModel.DataAnnotations;

namespace Platform.Insights.Reports;

/// <summary>
/// Report scheduling settings (section <c>Insights:Reports</c>). The schedules themselves run on Quartz
/// (issue 7); the settings are validated at start-up now so a bad time zone fails before anything runs.
/// </summary>
public sealed class ReportsOptions : IValidatableObject
{
    public const string Section = "Insights:Reports";

    /// <summary>IANA or Windows time zone id the schedules are read in.</summary>
    [Required(AllowEmptyStrings = false)]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Where report files go, relative to the data directory.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Directory { get; set; } = "reports";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"{Section}:TimeZone '{TimeZone}' is not a known time zone id (e.g. Europe/Berlin)", [nameof(TimeZone)]);
        }
        if (Path.IsPathRooted(Directory) || Directory.Split('/', '\\').Contains(".."))
        {
            yield return new ValidationResult($"{Section}:Directory must be a relative path inside the data directory", [nameof(Directory)]);
        }
    }
}
