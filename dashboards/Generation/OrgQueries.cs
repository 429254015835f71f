namespace Platform.Insights.Dashboards.Generation;

/// <summary>PromQL used on more than one dashboard.</summary>
public static class OrgQueries
{
    /// <summary>
    /// Adoption, the seed's "share of catalog services that deploy through the platform": services with a deployment in
    /// the last 30 days over the services in the catalog (<c>or vector(0)</c>: none deployed is 0 %, not no data).
    /// </summary>
    public const string Adoption =
        "(count(insights_dora_deployment_frequency{scope=\"service\",window=\"30d\"} > 0) or vector(0)) / count(insights_service_info)";
}
