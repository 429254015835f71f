using FsCheck.Xunit;
using Platform.Insights.Reports.Model;

namespace Platform.Insights.Reports.Tests;

public sealed class PeriodTests
{
    [Property(MaxTest = 300)]
    public bool An_iso_week_parses_back_from_its_name_and_contains_its_day(ushort offset)
    {
        var day = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(offset % 5000);
        var week = ReportPeriod.Week(day);
        return ReportPeriod.Parse(ReportKind.Weekly, week.Name) == week && week.From <= day && day < week.To
            && week.From.DayOfWeek == DayOfWeek.Monday && week.Previous.To == week.From;
    }

    [Property(MaxTest = 300)]
    public bool A_month_parses_back_from_its_name_and_its_previous_month_ends_where_it_starts(ushort offset)
    {
        var day = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(offset % 5000);
        var month = ReportPeriod.Month(day);
        return ReportPeriod.Parse(ReportKind.Monthly, month.Name) == month && month.From <= day && day < month.To && month.Previous.To == month.From;
    }

    [Theory]
    [InlineData(ReportKind.Weekly, "2026-W54")]
    [InlineData(ReportKind.Weekly, "2026-11")]
    [InlineData(ReportKind.Monthly, "2026-13")]
    [InlineData(ReportKind.Monthly, "2026-W47")]
    public void A_bad_period_fails_naming_the_option_and_the_expected_form(ReportKind kind, string text)
    {
        var failure = Assert.Throws<FormatException>(() => ReportPeriod.Parse(kind, text));
        Assert.Contains("--period", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Week_2026_W47_is_monday_16_to_monday_23_november()
    {
        var week = ReportPeriod.Parse(ReportKind.Weekly, "2026-W47");
        Assert.Equal((new DateTime(2026, 11, 16, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc)), (week.From, week.To));
        Assert.Equal("2026-W46", week.Previous.Name);
    }
}
