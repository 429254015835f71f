using System.Globalization;

namespace Platform.Insights.Analytics.Idle;

/// <summary>Says in words when a scheduled resource is busy, from its busy dates: a weekday, the month's end, or a count.</summary>
internal static class IdleSchedule
{
    public static string Describe(IReadOnlyList<DateOnly> busyDates, int daysJudged)
    {
        if (busyDates.Count == 0)
        {
            return "no busy day";
        }
        var weekdays = busyDates.Select(d => d.DayOfWeek).Distinct().ToList();
        if (busyDates.Count > 1 && weekdays.Count == 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{weekdays[0]}s only (busy on {busyDates.Count} of {daysJudged} days), stopped otherwise");
        }
        var fromMonthEnd = busyDates.Max(d => DateTime.DaysInMonth(d.Year, d.Month) - d.Day + 1);
        if (fromMonthEnd <= 5)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the last {fromMonthEnd} days of each month (busy on {busyDates.Count} of {daysJudged} days), stopped otherwise");
        }
        return string.Create(CultureInfo.InvariantCulture, $"busy on {busyDates.Count} of {daysJudged} days ({string.Join(", ", busyDates.Take(5).Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}{(busyDates.Count > 5 ? ", …" : "")}): start it for those, stopped otherwise");
    }
}
