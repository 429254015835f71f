using System.Globalization;
using Platform.Insights.Analytics.Productivity;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// How <c>insights dora</c>, <c>insights kpi</c> and the API shape DORA rows: exact numbers (hours, fractions) and counts
/// for JSON and CSV — the bands as a <c>doraBand</c> object in JSON and as <c>doraBand.*</c> columns in CSV — and a table
/// for people with durations ("1d 1h"), percentages and each figure's band and count.
/// </summary>
public static class DoraCells
{
    public static readonly string[] BandKeys = ["deploymentFrequency", "leadTime", "changeFailureRate", "failedDeploymentRecovery", "timeToRestore"];

    /// <summary>The DORA fields <c>insights kpi</c> adds to its rows.</summary>
    public static readonly string[] KpiFields =
        ["deploymentFrequency", "deploymentDays", "leadTimeHours", "changeFailureRate", "failedDeploymentRecoveryHours", "timeToRestoreHours"];

    private static readonly string[] Fields =
    [
        "scope", "name", "team", "from", "to", "benchmarks", "services", "deployments", "deploymentDays", "deploymentFrequency",
        "deploymentDaysPerMonth", "deploymentDaysPerSixMonths", "leadTimeHours", "leadTimeCount", "changeFailureRate", "failedDeployments",
        "failedDeploymentRecoveryHours", "recoveryCount", "timeToRestoreHours", "restoreCount", "incidents",
    ];

    public static readonly string[] TableColumns =
        ["name", "team", "deploys", "deployment frequency", "lead time", "change failure rate", "failed-deploy recovery", "time to restore"];

    public static IReadOnlyList<string> Columns(OutputFormat format) => [.. Fields, .. BandColumns(format)];

    public static IReadOnlyList<string> BandColumns(OutputFormat format) =>
        format == OutputFormat.Json ? ["doraBand"] : [.. BandKeys.Select(k => "doraBand." + k)];

    public static object?[] Cells(DoraRow row, OutputFormat format)
    {
        ArgumentNullException.ThrowIfNull(row);
        return
        [
            UptimeCells.Lower(row.Scope), row.Name, row.Team, Utc(row.From), Utc(row.To), Benchmarks(row.Benchmarks), row.Services, row.Deployments,
            row.DeploymentDays, row.DeploymentFrequency, row.DeploymentDaysPerMonth, row.DeploymentDaysPerSixMonths, row.LeadTimeHours, row.LeadTimeCount,
            row.ChangeFailureRate, row.FailedDeployments, row.FailedDeploymentRecoveryHours, row.RecoveryCount, row.TimeToRestoreHours, row.RestoreCount,
            row.Incidents, .. BandCells(row.Bands, format),
        ];
    }

    /// <summary>The <see cref="KpiFields"/> and the bands of a row (all empty when there is none).</summary>
    public static object?[] KpiCells(DoraRow? row, OutputFormat format) =>
        row is null
            ? [.. KpiFields.Select(_ => (object?)null), .. BandCells(new DoraBands(null, null, null, null, null), format)]
            : [row.DeploymentFrequency, row.DeploymentDays, row.LeadTimeHours, row.ChangeFailureRate, row.FailedDeploymentRecoveryHours, row.TimeToRestoreHours,
               .. BandCells(row.Bands, format)];

    public static object?[] BandCells(DoraBands bands, OutputFormat format)
    {
        ArgumentNullException.ThrowIfNull(bands);
        string?[] values = [Band(bands.DeploymentFrequency), Band(bands.LeadTime), Band(bands.ChangeFailureRate), Band(bands.FailedDeploymentRecovery), Band(bands.TimeToRestore)];
        return format == OutputFormat.Json
            ? [BandKeys.Select((k, i) => (k, values[i])).ToDictionary(p => p.k, p => p.Item2, StringComparer.Ordinal)]
            : [.. values];
    }

    public static object?[] TableCells(DoraRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var b = row.Bands;
        return
        [
            row.Name, row.Team ?? "", row.Deployments.ToString("N0", CultureInfo.InvariantCulture),
            row.Deployments == 0 ? "none" : Graded(string.Create(CultureInfo.InvariantCulture, $"{row.DeploymentFrequency:0.#} days/week, {row.DeploymentDays} days"), b.DeploymentFrequency),
            Counted(Hours(row.LeadTimeHours), b.LeadTime, row.LeadTimeCount),
            row.ChangeFailureRate is null ? "" : Graded(string.Create(CultureInfo.InvariantCulture, $"{UptimeCells.Percent(row.ChangeFailureRate, "0.#")} ({row.FailedDeployments}/{row.Deployments})"), b.ChangeFailureRate),
            Counted(Hours(row.FailedDeploymentRecoveryHours), b.FailedDeploymentRecovery, row.RecoveryCount),
            Counted(Hours(row.TimeToRestoreHours), b.TimeToRestore, row.RestoreCount),
        ];
    }

    public static string? Band(DoraBand? band) => band is { } b ? UptimeCells.Lower(b) : null;

    public static string Benchmarks(DoraBenchmarks benchmarks) => benchmarks == DoraBenchmarks.Report2021 ? "2021" : "2023";

    /// <summary>Hours for people: "45m", "2h 5m", "3d 4h".</summary>
    public static string Hours(double? hours) => UptimeCells.Duration(hours * 60);

    private static string Graded(string text, DoraBand? band) => band is { } b ? $"{text} ({UptimeCells.Lower(b)})" : text;

    private static string Counted(string text, DoraBand? band, long count) =>
        count == 0 ? "" : Graded(text, band) + string.Create(CultureInfo.InvariantCulture, $" n={count}");

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
