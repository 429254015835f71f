namespace Platform.Insights.Analytics.Cost;

/// <summary>What <c>insights cost --by</c> groups spend by: allocation results and FOCUS columns.</summary>
public enum CostDimension
{
    Team,
    Service,
    Env,
    Provider,
    CloudService,
    Category,
    Region,
    Account,
    Resource,
    ChargeCategory,
}

/// <summary>The command-line names of <see cref="CostDimension"/> and the fixed SQL expression each one groups by.</summary>
public static class CostDimensions
{
    private static readonly (CostDimension Dimension, string Name, string Expression)[] All =
    [
        (CostDimension.Team, "team", "team"),
        (CostDimension.Service, "service", "service"),
        (CostDimension.Env, "env", "environment"),
        (CostDimension.Provider, "provider", "coalesce(ProviderName, '(none)')"),
        (CostDimension.CloudService, "cloud-service", "coalesce(ServiceName, '(none)')"),
        (CostDimension.Category, "category", "coalesce(ServiceCategory, '(none)')"),
        (CostDimension.Region, "region", "coalesce(RegionId, '(none)')"),
        (CostDimension.Account, "account", "coalesce(SubAccountId, '(none)')"),
        (CostDimension.Resource, "resource", "coalesce(ResourceId, '(none)')"),
        (CostDimension.ChargeCategory, "charge-category", "coalesce(ChargeCategory, '(none)')"),
    ];

    /// <summary>team, service, env, provider, cloud-service, category, region, account, resource, charge-category.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(d => d.Name)];

    public static string NameOf(CostDimension dimension) => All.Single(d => d.Dimension == dimension).Name;

    /// <summary>The SQL column expression for a dimension (a constant of this class, never user text).</summary>
    public static string ExpressionOf(CostDimension dimension) => All.Single(d => d.Dimension == dimension).Expression;

    public static bool TryParse(string? name, out CostDimension dimension)
    {
        foreach (var d in All)
        {
            if (string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                dimension = d.Dimension;
                return true;
            }
        }
        dimension = default;
        return false;
    }
}
