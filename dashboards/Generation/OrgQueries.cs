namespace Platform.Insights.Dashboards.Generation;

/// <summary>PromQL used on more than one dashboard.</summary>
public static class OrgQueries
{
    /// <summary>
    /// Adoption, the seed's "share of catalog services that deploy through the platform" (target 95 %): the exporter's
    /// org gauge over 30 days (<c>ProductivityQuery</c>'s definition, so dashboards, reports and the API agree).
    /// </summary>
    public const string Adoption = "max(insights_platform_adoption_ratio{scope=\"org\",window=\"30d\"})";
}
