using System.ComponentModel.DataAnnotations;

namespace Platform.Insights.Dashboards;

/// <summary>
/// Grafana publishing settings (section <c>Insights:Dashboards</c>). Publishing itself is issue 6; the
/// settings are validated at start-up now.
/// </summary>
public sealed class DashboardsOptions : IValidatableObject
{
    public const string Section = "Insights:Dashboards";

    /// <summary>The Grafana folder the dashboards go in.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Folder { get; set; } = "Insights";

    /// <summary>Grafana base URL for API publishing; empty means file provisioning only.</summary>
    public string? GrafanaUrl { get; set; }

    /// <summary>How often <c>insights serve</c> recomputes the KPI gauges on /metrics.</summary>
    public TimeSpan KpiRefresh { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(GrafanaUrl) &&
            (!Uri.TryCreate(GrafanaUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult($"{Section}:GrafanaUrl '{GrafanaUrl}' is not an absolute http(s) URL", [nameof(GrafanaUrl)]);
        }
        if (KpiRefresh < TimeSpan.FromSeconds(1) || KpiRefresh > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult($"{Section}:KpiRefresh must be between 00:00:01 and 1.00:00:00", [nameof(KpiRefresh)]);
        }
    }
}
