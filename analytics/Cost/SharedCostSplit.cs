namespace Platform.Insights.Analytics.Cost;

/// <summary>How a shared cost pool is divided among the teams with direct cost.</summary>
public enum SharedCostSplit
{
    /// <summary>In proportion to each team's direct BilledCost in the billing period.</summary>
    Proportional,

    /// <summary>The same part for each team.</summary>
    Even,
}
