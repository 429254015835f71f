using Platform.Insights.Analytics.Productivity;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// How the platform KPIs (CI, cycle time, environment setup, adoption, error logs) are shaped: every figure exact for
/// JSON and CSV (the API's shape), and a table for people with durations and percentages against the baseline.
/// </summary>
public static class ProductivityCells
{
    public static readonly string[] Columns =
    [
        "scope", "name", "team", "from", "to", "baselineFrom", "baselineTo", "services", "adoptedServices", "serviceAdoption", "teams", "adoptedTeams",
        "teamAdoption", "adoptionTargetMet", "builds", "buildsFailed", "buildSuccessRate", "buildsPerDay", "buildP50Minutes", "buildP95Minutes",
        "cycleTimeCount", "cycleTimeHours", "baselineCycleTimeCount", "baselineCycleTimeHours", "cycleTimeChange", "cycleTimeTargetMet",
        "setups", "setupP50Minutes", "setupP95Minutes", "baselineSetups", "baselineSetupP50Minutes", "baselineSetupP95Minutes", "setupTimeChange",
        "setupTimeTargetMet", "selfServiceShare", "selfServiceTargetMet", "logLines", "errorLogs", "errorLogShare", "errorLogsPerHour",
    ];

    /// <summary>The CI / setup / adoption figures <c>insights kpi</c> adds to its rows.</summary>
    public static readonly string[] KpiFields =
    [
        "buildP50Minutes", "buildP95Minutes", "buildSuccessRate", "buildsPerDay", "cycleTimeHours", "cycleTimeChange", "setupP50Minutes", "setupP95Minutes",
        "setupTimeChange", "selfServiceShare", "serviceAdoption", "teamAdoption", "errorLogShare",
    ];

    public static readonly string[] TableColumns =
        ["name", "team", "adoption", "builds/day", "build p50 / p95", "build success", "cycle time (vs baseline)", "setup p50 / p95 (vs baseline)", "self-service", "error logs"];

    public static object?[] Cells(ProductivityRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return
        [
            UptimeCells.Lower(row.Scope), row.Name, row.Team, Utc(row.From), Utc(row.To), Utc(row.BaselineFrom), Utc(row.BaselineTo), row.Services,
            row.AdoptedServices, row.ServiceAdoption, row.Teams, row.AdoptedTeams, row.TeamAdoption, row.AdoptionTargetMet, row.Builds, row.BuildsFailed,
            row.BuildSuccessRate, row.BuildsPerDay, row.BuildP50Minutes, row.BuildP95Minutes, row.CycleTimeCount, row.CycleTimeHours,
            row.BaselineCycleTimeCount, row.BaselineCycleTimeHours, row.CycleTimeChange, row.CycleTimeTargetMet, row.Setups, row.SetupP50Minutes,
            row.SetupP95Minutes, row.BaselineSetups, row.BaselineSetupP50Minutes, row.BaselineSetupP95Minutes, row.SetupTimeChange, row.SetupTimeTargetMet,
            row.SelfServiceShare, row.SelfServiceTargetMet, row.LogLines, row.ErrorLogs, row.ErrorLogShare, row.ErrorLogsPerHour,
        ];
    }

    public static object?[] KpiCells(ProductivityRow? row) =>
        row is null
            ? [.. KpiFields.Select(_ => (object?)null)]
            : [row.BuildP50Minutes, row.BuildP95Minutes, row.BuildSuccessRate, row.BuildsPerDay, row.CycleTimeHours, row.CycleTimeChange, row.SetupP50Minutes,
               row.SetupP95Minutes, row.SetupTimeChange, row.SelfServiceShare, row.ServiceAdoption, row.TeamAdoption, row.ErrorLogShare];

    public static object?[] TableCells(ProductivityRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return
        [
            row.Name, row.Team ?? "",
            row.Services == 0 ? "" : $"{row.AdoptedServices}/{row.Services} services ({UptimeCells.Percent(row.ServiceAdoption, "0")})",
            row.BuildsPerDay.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture),
            row.Builds == 0 ? "" : $"{UptimeCells.Duration(row.BuildP50Minutes)} / {UptimeCells.Duration(row.BuildP95Minutes)}",
            UptimeCells.Percent(row.BuildSuccessRate, "0.#"),
            row.CycleTimeCount == 0 ? "" : DoraCells.Hours(row.CycleTimeHours) + Change(row.CycleTimeChange),
            row.Setups == 0 ? "" : $"{UptimeCells.Duration(row.SetupP50Minutes)} / {UptimeCells.Duration(row.SetupP95Minutes)}{Change(row.SetupTimeChange)}",
            UptimeCells.Percent(row.SelfServiceShare, "0"),
            row.LogLines == 0 ? "" : $"{row.ErrorLogs:N0} ({UptimeCells.Percent(row.ErrorLogShare, "0.#")})",
        ];
    }

    private static string Change(double? change) =>
        change is { } c ? $" ({(c >= 0 ? "+" : "")}{UptimeCells.Percent(c, "0")})" : "";

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
