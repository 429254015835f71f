namespace Platform.Insights.Analytics.Uptime;

/// <summary>A half-open time range [<see cref="From"/>, <see cref="To"/>) in UTC, named (<c>30d</c>, <c>week</c>, <c>burn1h</c>, …).</summary>
public sealed record UptimeWindow(string Name, DateTime From, DateTime To)
{
    public TimeSpan Length => To - From;

    /// <summary>The reporting windows <c>insights kpi --window</c> and the API accept.</summary>
    public static IReadOnlyList<string> Names { get; } = ["1d", "7d", "28d", "30d", "week", "month"];

    /// <summary>
    /// The burn-rate windows of the SRE workbook's multiwindow, multi-burn-rate alerts (and Sloth's / Pyrra's rules),
    /// each ending at the report's end.
    /// </summary>
    public static IReadOnlyList<(string Name, TimeSpan Length)> BurnWindows { get; } =
    [
        ("5m", TimeSpan.FromMinutes(5)), ("30m", TimeSpan.FromMinutes(30)), ("1h", TimeSpan.FromHours(1)), ("2h", TimeSpan.FromHours(2)),
        ("6h", TimeSpan.FromHours(6)), ("1d", TimeSpan.FromDays(1)), ("3d", TimeSpan.FromDays(3)),
    ];

    /// <summary>
    /// A named window ending at <paramref name="asOf"/>: rolling <c>1d/7d/28d/30d</c>, or the calendar ISO week / month
    /// holding the instant just before <paramref name="asOf"/> (so an as-of at midnight Monday reports the whole last
    /// week), cut at <paramref name="asOf"/>.
    /// </summary>
    public static UptimeWindow Ending(string name, DateTime asOf)
    {
        var last = asOf.AddTicks(-1);
        return name switch
        {
            "1d" or "7d" or "28d" or "30d" => new UptimeWindow(name, asOf.AddDays(-int.Parse(name[..^1], System.Globalization.CultureInfo.InvariantCulture)), asOf),
            "week" => new UptimeWindow(name, DateTime.SpecifyKind(last.Date, DateTimeKind.Utc).AddDays(-(((int)last.DayOfWeek + 6) % 7)), asOf),
            "month" => new UptimeWindow(name, new DateTime(last.Year, last.Month, 1, 0, 0, 0, DateTimeKind.Utc), asOf),
            _ => throw new ArgumentException($"window must be one of {string.Join(", ", Names)}; got '{name}'", nameof(name)),
        };
    }
}
