using System.Globalization;

namespace Platform.Insights.Reports.Model;

/// <summary>Numbers for people, the same in every renderer: 99.95 %, −12.5 %, USD 12,345.67, 2h 5m.</summary>
public static class ReportFormat
{
    public const string MissingMark = "missing";

    public static string Percent(double? ratio, int decimals = 2) =>
        ratio is { } r ? (r * 100).ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " %" : MissingMark;

    public static string Change(double? ratio) =>
        ratio is { } r ? (r > 0 ? "+" : r < 0 ? "−" : "") + Math.Abs(r * 100).ToString("N1", CultureInfo.InvariantCulture) + " %" : MissingMark;

    public static string Money(decimal? amount, string? currency) =>
        amount is { } a ? string.Create(CultureInfo.InvariantCulture, $"{currency} {Math.Round(a, 2, MidpointRounding.AwayFromZero):N2}").Trim() : MissingMark;

    public static string SignedMoney(decimal amount, string currency) =>
        (amount > 0 ? "+" : amount < 0 ? "−" : "") + Money(Math.Abs(amount), currency);

    public static string Count(double? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : MissingMark;

    public static string Duration(double? minutes)
    {
        if (minutes is not { } m)
        {
            return MissingMark;
        }
        var span = TimeSpan.FromMinutes(m);
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes}m" : span.TotalMinutes >= 1 ? $"{span.Minutes}m {span.Seconds}s" : $"{span.Seconds}s";
    }

    /// <summary>DORA band names by machine value (1 low … 4 elite), the value the scorecard, CSV and JSON carry.</summary>
    public static IReadOnlyList<string> BandNames { get; } = ["Low", "Medium", "High", "Elite"];

    /// <summary>A DORA band's name from its machine value (4 = Elite … 1 = Low).</summary>
    public static string Band(double? value) =>
        value is { } v && v >= 1 && v <= BandNames.Count && v == Math.Floor(v) ? BandNames[(int)v - 1] : MissingMark;

    public static string Utc(DateTime at) => at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>A scorecard value (or target / previous) in its unit.</summary>
    public static string Value(KpiUnit unit, double? value, string? currency) => unit switch
    {
        KpiUnit.Ratio => Percent(value),
        KpiUnit.Change => Change(value),
        KpiUnit.Money => Money(value is { } v ? (decimal)v : null, currency),
        KpiUnit.Band => Band(value),
        _ => Count(value),
    };

    public static string Status(KpiStatus status) => status switch
    {
        KpiStatus.OnTrack => "on track",
        KpiStatus.AtRisk => "at risk",
        KpiStatus.OffTrack => "off track",
        _ => "missing",
    };
}
