namespace Platform.Insights.Host.Server;

/// <summary>
/// Who may read the KPI gauges on <c>/metrics</c> (section <c>Insights:Metrics</c>). The pipeline's own metrics are
/// public (scrapers hold no token); the KPI gauges carry every team's cost and KPIs, so by default only a bearer token
/// with the <c>read</c> scope gets them, and a team-limited token only its team's series (SECURITY.md).
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Insights:Metrics";

    /// <summary>
    /// True: an anonymous scrape also gets every team's KPI gauges, as before tokens applied to them. Only for a port no
    /// one but the scraper can reach (a closed network); a presented token is still checked.
    /// </summary>
    public bool AnonymousKpiGauges { get; set; }
}
