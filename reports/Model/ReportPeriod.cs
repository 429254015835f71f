using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Platform.Insights.Reports.Model;

/// <summary>
/// A report's period in UTC, <c>[From, To)</c>: an ISO week (<c>2026-W47</c>, Monday to Monday) or a calendar month
/// (<c>2026-11</c>). <see cref="Previous"/> is the period before it, the "what changed since" comparison.
/// </summary>
public sealed partial record ReportPeriod(string Name, DateTime From, DateTime To)
{
    [JsonIgnore]
    public bool IsWeek => Name.Contains("-W", StringComparison.Ordinal);

    [JsonIgnore]
    public int Days => (int)(To - From).TotalDays;

    [JsonIgnore]
    public ReportPeriod Previous => IsWeek ? Week(From.AddDays(-7)) : Month(From.AddMonths(-1));

    /// <summary>The ISO week containing <paramref name="day"/>.</summary>
    public static ReportPeriod Week(DateTime day)
    {
        var year = ISOWeek.GetYear(day);
        var week = ISOWeek.GetWeekOfYear(day);
        var monday = DateTime.SpecifyKind(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday), DateTimeKind.Utc);
        return new ReportPeriod(string.Create(CultureInfo.InvariantCulture, $"{year:0000}-W{week:00}"), monday, monday.AddDays(7));
    }

    /// <summary>The calendar month containing <paramref name="day"/>.</summary>
    public static ReportPeriod Month(DateTime day)
    {
        var first = new DateTime(day.Year, day.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        return new ReportPeriod(first.ToString("yyyy-MM", CultureInfo.InvariantCulture), first, first.AddMonths(1));
    }

    /// <summary>The last complete week or month before <paramref name="now"/> (what a Monday-morning run reports on).</summary>
    public static ReportPeriod LastComplete(ReportKind kind, DateTime now) =>
        kind == ReportKind.Monthly ? Month(now).Previous : Week(now).Previous;

    /// <summary>Parses <c>2026-W47</c> for weekly and team reports, <c>2026-11</c> for monthly ones.</summary>
    public static ReportPeriod Parse(ReportKind kind, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (kind == ReportKind.Monthly)
        {
            var m = MonthPattern().Match(text);
            if (!m.Success || !int.TryParse(m.Groups[2].Value, CultureInfo.InvariantCulture, out var month) || month is < 1 or > 12)
            {
                throw new FormatException($"--period '{text}' is not a month like 2026-11");
            }
            return Month(new DateTime(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), month, 1, 0, 0, 0, DateTimeKind.Utc));
        }
        var w = WeekPattern().Match(text);
        if (!w.Success)
        {
            throw new FormatException($"--period '{text}' is not an ISO week like 2026-W47");
        }
        var year = int.Parse(w.Groups[1].Value, CultureInfo.InvariantCulture);
        var number = int.Parse(w.Groups[2].Value, CultureInfo.InvariantCulture);
        if (number < 1 || number > ISOWeek.GetWeeksInYear(year))
        {
            throw new FormatException($"--period '{text}': {year} has no week {number}");
        }
        return Week(ISOWeek.ToDateTime(year, number, DayOfWeek.Monday));
    }

    [GeneratedRegex(@"^(\d{4})-(\d{2})$")]
    private static partial Regex MonthPattern();

    [GeneratedRegex(@"^(\d{4})-W(\d{2})$")]
    private static partial Regex WeekPattern();
}
