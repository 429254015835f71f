using System.Globalization;

namespace Platform.Insights.Host.Cli;

/// <summary>Money for people: ISO currency code and two decimals with thousands separators ("USD 12,345.67").</summary>
public static class Money
{
    public static string Format(decimal amount, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{currency} {Math.Round(amount, 2, MidpointRounding.AwayFromZero):N2}");
}
