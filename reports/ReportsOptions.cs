using System.ComponentModel.DataAnnotations;
using Platform.Insights.Reports.Delivery;
using Platform.Insights.Reports.History;
using Platform.Insights.Reports.Rendering;
using Platform.Insights.Reports.Scheduling;

namespace Platform.Insights.Reports;

/// <summary>
/// Report settings (section <c>Insights:Reports</c>): where files go, the formats written, the PDF printer, the Quartz
/// schedules (cron with a seconds field, read in <see cref="TimeZone"/>) and the delivery sinks. Validated at start-up,
/// so a bad cron expression or time zone fails naming its key before anything runs.
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

    /// <summary>Where the history (rows and files) lives: this data directory's DuckDB store, or a cluster's PostgreSQL and shared directory.</summary>
    public ReportHistoryOptions History { get; set; } = new();

    /// <summary>Formats written by scheduled runs and by default on demand: html, pdf, md, csv, json.</summary>
    public string Formats { get; set; } = "html,pdf,md,csv,json";

    /// <summary>The Chromium executable that prints the PDF.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Chromium { get; set; } = "chromium";

    public TimeSpan PdfTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether <c>insights serve</c> runs the schedules.</summary>
    public bool ScheduleEnabled { get; set; } = true;

    /// <summary>Weekly leadership report: Monday 07:00 (Quartz cron: seconds minutes hours day-of-month month day-of-week).</summary>
    public string WeeklyCron { get; set; } = "0 0 7 ? * MON";

    /// <summary>Monthly cost report: the 1st at 07:00.</summary>
    public string MonthlyCron { get; set; } = "0 0 7 1 * ?";

    /// <summary>Teams that get their own weekly report on the weekly schedule (optional).</summary>
    public List<string> TeamReports { get; set; } = [];

    /// <summary>A Slack / Teams-compatible incoming webhook that gets the scorecard and a link; empty = none.</summary>
    public WebhookSinkOptions Webhook { get; set; } = new();

    /// <summary>E-mail through an SMTP server (HTML body, PDF attached) to recipients per report kind; empty host = none.</summary>
    public SmtpSinkOptions Smtp { get; set; } = new();

    /// <summary>How long before an incident a deployment of the same service may have finished to be named as its likely cause.</summary>
    public TimeSpan IncidentDeploymentWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The server's public base URL used in links (e.g. https://insights.example); empty = the link is the file path.</summary>
    public string PublicUrl { get; set; } = "";

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
        string? formatError = null;
        try
        {
            ReportFormatNames.Parse(Formats);
        }
        catch (FormatException e)
        {
            formatError = e.Message;
        }
        if (formatError is not null)
        {
            yield return new ValidationResult($"{Section}:Formats: {formatError}", [nameof(Formats)]);
        }
        foreach (var (key, cron) in new[] { (nameof(WeeklyCron), WeeklyCron), (nameof(MonthlyCron), MonthlyCron) })
        {
            if (!ReportSchedule.IsValidCron(cron))
            {
                yield return new ValidationResult($"{Section}:{key} '{cron}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. 0 0 7 ? * MON)", [key]);
            }
        }
        if (IncidentDeploymentWindow <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:IncidentDeploymentWindow must be positive (e.g. 1.00:00:00)", [nameof(IncidentDeploymentWindow)]);
        }
        if (PdfTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:PdfTimeout must be positive", [nameof(PdfTimeout)]);
        }
        if (!string.IsNullOrEmpty(Webhook.Url) && !Uri.TryCreate(Webhook.Url, UriKind.Absolute, out _))
        {
            yield return new ValidationResult($"{Section}:Webhook:Url '{Webhook.Url}' is not an absolute URL", ["Webhook"]);
        }
        foreach (var problem in History.Validate(Section + ":History"))
        {
            yield return new ValidationResult(problem, [nameof(History)]);
        }
        foreach (var problem in Smtp.Problems())
        {
            yield return new ValidationResult(problem, [nameof(Smtp)]);
        }
    }
}
