namespace Platform.Insights.Analytics.Cost;

/// <summary>One budget (<c>Insights:Cost:Budgets:N</c>): an amount per calendar month for a team or a service, in one currency.</summary>
public sealed class CostBudget
{
    /// <summary>The allocated team the budget is for (exactly one of Team and Service).</summary>
    public string? Team { get; set; }

    /// <summary>The allocated service the budget is for.</summary>
    public string? Service { get; set; }

    public decimal Amount { get; set; }

    /// <summary>ISO 4217 code; the budget is compared with spend in this BillingCurrency only.</summary>
    public string Currency { get; set; } = "";

    /// <summary>Only <c>Monthly</c> (calendar months, UTC).</summary>
    public string Period { get; set; } = "Monthly";

    /// <summary>Which FOCUS cost the budget counts: Effective (amortized, the default) or Billed.</summary>
    public CostBasis Basis { get; set; } = CostBasis.Effective;

    public string Scope => Team is not null ? "team" : "service";

    public string Name => Team ?? Service ?? "";

    internal IEnumerable<string> Validate(string key)
    {
        if (string.IsNullOrWhiteSpace(Team) == string.IsNullOrWhiteSpace(Service))
        {
            yield return $"{key} must name exactly one of Team and Service";
        }
        if (Amount <= 0)
        {
            yield return $"{key}:Amount must be positive";
        }
        if (Currency.Length != 3 || !Currency.All(char.IsAsciiLetterUpper))
        {
            yield return $"{key}:Currency must be an ISO 4217 code such as USD, not '{Currency}'";
        }
        if (!string.Equals(Period, "Monthly", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{key}:Period must be Monthly, not '{Period}'";
        }
    }
}
