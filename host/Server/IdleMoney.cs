namespace Platform.Insights.Host.Server;

/// <summary>An amount in one currency (savings totals are never added across currencies).</summary>
public sealed record IdleMoney(string Currency, decimal Amount);
