using System.Globalization;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// How the uptime verbs and endpoints shape their rows: every KPI with exact numbers (fractions, minutes) for JSON
/// and CSV, and a narrower table for people with percentages ("99.95%") and durations ("4m 12s").
/// </summary>
public static class UptimeCells
{
    public static readonly string[] Columns =
    [
        "scope", "name", "team", "window", "from", "to", "sli", "services", "availability", "coverage", "sloTarget", "errorBudget",
        "errorBudgetRemaining", "burnRate", "burnRate5m", "burnRate30m", "burnRate1h", "burnRate2h", "burnRate6h", "burnRate1d", "burnRate3d",
        "alert", "incidents", "openIncidents", "mttrMinutes", "medianRecoveryMinutes", "mtbfHours", "recoveredWithin5MinShare",
    ];

    public static readonly string[] TableColumns =
        ["name", "team", "sli", "availability", "coverage", "slo", "budget left", "burn (window)", "burn 1h", "alert", "incidents", "MTTR", "median", "≤5 min"];

    public static readonly string[] IncidentColumns = ["id", "service", "team", "start", "end", "durationMinutes", "source"];

    public static readonly string[] IncidentTableColumns = ["id", "service", "team", "start", "end", "duration", "source"];

    public static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    public static object?[] Cells(UptimeKpiRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var r = row.Recovery;
        return
        [
            Lower(row.Scope), row.Name, row.Team, row.Window, Utc(row.From), Utc(row.To), row.Sli, row.Services, row.Availability, row.Coverage,
            row.SloTarget, row.ErrorBudget, row.ErrorBudgetRemaining, row.BurnRate,
            .. UptimeWindow.BurnWindows.Select(b => (object?)row.BurnRates.GetValueOrDefault(b.Name)),
            Lower(row.Alert), r.Incidents, r.Open, r.MttrMinutes, r.MedianRecoveryMinutes, r.MtbfHours, r.RecoveredWithinTargetShare,
        ];
    }

    public static object?[] TableCells(UptimeKpiRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var r = row.Recovery;
        return
        [
            row.Name, row.Team ?? "", row.Sli ?? "no data", Percent(row.Availability), Percent(row.Coverage, "0.#"),
            row.SloTarget.ToString("0.###", CultureInfo.InvariantCulture) + "%", Percent(row.ErrorBudgetRemaining, "0.#"),
            Rate(row.BurnRate), Rate(row.BurnRates.GetValueOrDefault("1h")), Lower(row.Alert),
            r.Open > 0 ? $"{r.Incidents} ({r.Open} open)" : r.Incidents.ToString(CultureInfo.InvariantCulture),
            Duration(r.MttrMinutes), Duration(r.MedianRecoveryMinutes), Percent(r.RecoveredWithinTargetShare, "0"),
        ];
    }

    public static object?[] Cells(Incident incident) =>
        [incident.Id, incident.Service, incident.Team, Utc(incident.Start), incident.End is { } e ? Utc(e) : null, incident.DurationMinutes, incident.Source];

    public static object?[] TableCells(Incident incident) =>
        [incident.Id, incident.Service, incident.Team ?? "", incident.Start, (object?)incident.End ?? "open", incident.End is null ? "" : Duration(incident.DurationMinutes), incident.Source];

    /// <summary>A row as a JSON object with the <see cref="Columns"/> names (the API's shape).</summary>
    public static Dictionary<string, object?> Json(IReadOnlyList<string> columns, object?[] cells) =>
        columns.Select((c, i) => (c, cells[i])).ToDictionary(p => p.c, p => p.Item2, StringComparer.Ordinal);

    public static string Percent(double? fraction, string format = "0.00#") =>
        fraction is { } f ? (f * 100).ToString(format, CultureInfo.InvariantCulture) + "%" : "unknown";

    public static string Rate(double? rate) => rate is { } r ? r.ToString("0.##", CultureInfo.InvariantCulture) + "x" : "";

    /// <summary>Minutes for people: "45s", "4m 12s", "2h 5m", "3d 4h".</summary>
    public static string Duration(double? minutes)
    {
        if (minutes is not { } m)
        {
            return "";
        }
        var t = TimeSpan.FromSeconds(Math.Round(m * 60));
        return t.TotalDays >= 1 ? $"{(int)t.TotalDays}d {t.Hours}h"
            : t.TotalHours >= 1 ? $"{(int)t.TotalHours}h {t.Minutes}m"
            : t.TotalMinutes >= 1 ? (t.Seconds == 0 ? $"{t.Minutes}m" : $"{t.Minutes}m {t.Seconds}s")
            : $"{t.Seconds}s";
    }

    /// <summary>A UTC date (yyyy-MM-dd, midnight) or ISO 8601 time given to <c>--from</c>/<c>--to</c> or <c>from=</c>/<c>to=</c>.</summary>
    public static bool TryTime(string? text, out DateTime? value)
    {
        value = null;
        if (text is null)
        {
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed.UtcDateTime;
            return true;
        }
        return false;
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
