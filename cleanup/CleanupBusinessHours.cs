namespace Platform.Insights.Cleanup;

/// <summary>The window in which cleanup steps may run: weekdays and hours in one time zone (people are there to react).</summary>
public sealed class CleanupBusinessHours
{
    /// <summary>Off only on purpose: steps then run at any hour.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>IANA time zone id, e.g. Europe/Berlin.</summary>
    public string TimeZone { get; set; } = "UTC";

    public TimeSpan Start { get; set; } = TimeSpan.FromHours(9);

    public TimeSpan End { get; set; } = TimeSpan.FromHours(17);

    public DayOfWeek[] Days { get; set; } = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>Whether <paramref name="now"/> falls in the window.</summary>
    public bool IsOpen(DateTimeOffset now)
    {
        if (!Enabled)
        {
            return true;
        }
        var local = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(TimeZone));
        return Days.Contains(local.DayOfWeek) && local.TimeOfDay >= Start && local.TimeOfDay < End;
    }

    public string Describe() => Enabled
        ? $"{string.Join(",", Days.Select(d => d.ToString()[..3]))} {Start:hh\\:mm}-{End:hh\\:mm} {TimeZone}"
        : "any time";

    internal IEnumerable<string> Validate(string prefix)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return $"{prefix}:TimeZone '{TimeZone}' is not a known time zone id";
        }
        if (Start < TimeSpan.Zero || End > TimeSpan.FromDays(1) || End <= Start)
        {
            yield return $"{prefix}:Start/End must be times of day with Start before End (is {Start}-{End})";
        }
        if (Enabled && Days.Length == 0)
        {
            yield return $"{prefix}:Days must name at least one day";
        }
    }
}
