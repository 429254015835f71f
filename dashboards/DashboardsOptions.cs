using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Platform.Insights.Dashboards;

/// <summary>
/// Dashboard generation and Grafana publishing settings (section <c>Insights:Dashboards</c>), validated at start-up;
/// the <c>dashboards</c> verbs' options override them.
/// </summary>
public sealed partial class DashboardsOptions : IValidatableObject
{
    public const string Section = "Insights:Dashboards";

    /// <summary>The Grafana folder the dashboards go in.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Folder { get; set; } = "Insights";

    /// <summary>Grafana base URL for API publishing; empty means file provisioning only.</summary>
    public string? GrafanaUrl { get; set; }

    /// <summary>How often <c>insights serve</c> recomputes the KPI gauges on /metrics.</summary>
    public TimeSpan KpiRefresh { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The currency (ISO 4217 code) the money panels select and show.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>Retries of a Grafana request that failed with a 5xx, a timeout or a connection error.</summary>
    [Range(0, 10)]
    public int PublishRetries { get; set; } = 3;

    /// <summary>First retry delay; each retry doubles it (with jitter).</summary>
    public TimeSpan PublishRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Time allowed for one Grafana request.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(GrafanaUrl) && !IsHttpUrl(GrafanaUrl))
        {
            yield return new ValidationResult($"{Section}:GrafanaUrl '{GrafanaUrl}' is not an absolute http(s) URL", [nameof(GrafanaUrl)]);
        }
        if (KpiRefresh < TimeSpan.FromSeconds(1) || KpiRefresh > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult($"{Section}:KpiRefresh must be between 00:00:01 and 1.00:00:00", [nameof(KpiRefresh)]);
        }
        if (!IsCurrencyCode(Currency))
        {
            yield return new ValidationResult($"{Section}:Currency '{Currency}' is not a three-letter ISO 4217 code such as USD", [nameof(Currency)]);
        }
        if (PublishRetryDelay < TimeSpan.Zero || PublishRetryDelay > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult($"{Section}:PublishRetryDelay must be between 00:00:00 and 00:05:00", [nameof(PublishRetryDelay)]);
        }
        if (PublishTimeout <= TimeSpan.Zero || PublishTimeout > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult($"{Section}:PublishTimeout must be above zero and at most 00:10:00", [nameof(PublishTimeout)]);
        }
    }

    public static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    public static bool IsCurrencyCode(string? text) => text is not null && CurrencyCode().IsMatch(text);

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}
