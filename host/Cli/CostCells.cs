using System.CommandLine;
using System.Globalization;
using Platform.Insights.Analytics.Cost;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// What the cost verbs share: their <c>--from</c>/<c>--to</c>/<c>--cost</c> options and how they show money and
/// ratios (tables: "USD 1,234.56" and percents; JSON and CSV: exact decimals and fractions).
/// </summary>
public static class CostCells
{
    public static Option<string?> From() => new("--from") { Description = "First day (yyyy-MM-dd, UTC) of ChargePeriodStart, inclusive." };

    public static Option<string?> To() => new("--to") { Description = "Day (yyyy-MM-dd, UTC) where the range ends, exclusive: [from, to)." };

    public static Option<CostBasis> Basis() => new("--cost")
    {
        Description = "Which FOCUS cost to count: effective (EffectiveCost, amortized; default) or billed (BilledCost, as invoiced).",
        DefaultValueFactory = _ => CostBasis.Effective,
    };

    public static DateTime? Day(string? text, string option) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)
            : throw new UsageException($"{option} must be a date as yyyy-MM-dd, not '{text}'");

    /// <summary>The [from, to) of a verb: given days, else the <paramref name="days"/> days through the last complete day with data.</summary>
    public static (DateTime From, DateTime To)? Window(DateTime? from, DateTime? to, DateOnly? lastDay, int days)
    {
        if (from is not null && to is not null && to <= from)
        {
            throw new UsageException("--to must be after --from (the range is [from, to))");
        }
        var end = to ?? (lastDay is { } last ? last.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : from?.AddDays(days));
        if (end is not { } e)
        {
            return null;
        }
        return (from ?? e.AddDays(-days), e);
    }

    public static object? Money(decimal amount, string currency, OutputFormat format) =>
        format == OutputFormat.Table ? Cli.Money.Format(amount, currency) : amount;

    public static object? Money(decimal? amount, string currency, OutputFormat format) =>
        amount is { } a ? Money(a, currency, format) : null;

    public static object? Percent(double? fraction, OutputFormat format) =>
        format != OutputFormat.Table ? fraction
        : fraction is { } f ? (f * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "unknown";

    /// <summary>A change ratio: "+12.5%" / "-25.0%" in tables, the fraction elsewhere.</summary>
    public static object? Change(double? ratio, OutputFormat format) =>
        format != OutputFormat.Table ? ratio
        : ratio is { } r ? (r * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%" : "";

    public static string Name(CostBasis basis) => basis == CostBasis.Billed ? "billed" : "effective";
}
