namespace Platform.Insights.Dashboards.Generation;

/// <summary>
/// What a generated dashboard set depends on besides the metric contract: the currency the money panels select and
/// show (a Grafana unit is fixed per panel, so one currency per dashboard set).
/// </summary>
public sealed record DashboardSettings(string Currency = "USD")
{
    public static DashboardSettings Default { get; } = new();

    /// <summary>Grafana's unit id for <see cref="Currency"/>: a built-in currency unit, else the code as a suffix.</summary>
    public string MoneyUnit => Currency.ToUpperInvariant() switch
    {
        "USD" or "EUR" or "GBP" or "JPY" or "CHF" or "SEK" or "NOK" or "DKK" or "PLN" or "CZK" or "BRL" or "INR" or "ZAR" or "KRW" or "RUB" or "UAH" or "ISK"
            => "currency" + Currency.ToUpperInvariant(),
        _ => "suffix: " + Currency.ToUpperInvariant(),
    };

    /// <summary>The matcher every money query carries, so amounts in different currencies are never drawn as one.</summary>
    public string CurrencyMatcher => $"currency=\"{Currency.ToUpperInvariant()}\"";
}
