namespace Platform.Insights.Analytics.Cost;

/// <summary>What a <see cref="SharedCostRule"/> compares with its value.</summary>
public enum SharedCostMatch
{
    /// <summary>The row's tag <see cref="SharedCostRule.Key"/> equals the value.</summary>
    Tag,

    /// <summary>FOCUS ServiceName (e.g. <c>AWS Support</c>, <c>Amazon Virtual Private Cloud</c>).</summary>
    CloudService,

    /// <summary>The service the row was allocated to (catalog or tags).</summary>
    Service,

    /// <summary>FOCUS SubAccountId or BillingAccountId.</summary>
    Account,
}
