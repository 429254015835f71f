using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Cost;
using Platform.Insights.Host.Runtime;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// <c>insights anomalies</c>: service-days whose cost is far from the service's trailing baseline (median and MAD of
/// the previous days, weekday-aware), with severity and the cost impact, largest impact first.
/// </summary>
public static class AnomaliesCommand
{
    public const int DefaultDays = 30;

    public static readonly string[] Columns =
        ["day", "service", "currency", "actual", "expected", "impact", "z", "severity", "baselineDays", "comparedWith"];

    public static Command Create()
    {
        var from = CostCells.From();
        var to = CostCells.To();
        var basis = CostCells.Basis();
        var format = GlobalOptions.Format();
        var command = new Command("anomalies", $"Cost anomalies per service and day vs its trailing baseline, with severity and impact (default: the last {DefaultDays} days with data).")
        {
            from, to, basis, format,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var start = CostCells.Day(parse.GetValue(from), "--from");
            var end = CostCells.Day(parse.GetValue(to), "--to");
            await using var runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, "anomalies"), cancellationToken);
            var lastDay = await runtime.Services.GetRequiredService<BillingDataEnd>().LastCompleteDayAsync(cancellationToken);
            var output = parse.GetValue(format);
            IReadOnlyList<CostAnomaly> rows = [];
            if (CostCells.Window(start, end, lastDay, DefaultDays) is { } window)
            {
                rows = await runtime.Services.GetRequiredService<CostAnomalyQuery>().DetectAsync(window.From, window.To, parse.GetValue(basis), team: null, cancellationToken);
            }
            DataPrinter.ForConsole().Print(Columns, rows.Select(r => Cells(r, output)), output);
            return ExitCodes.Success;
        }));
        return command;
    }

    public static object?[] Cells(CostAnomaly row, OutputFormat format) =>
    [
        row.Day, row.Service, row.Currency, CostCells.Money(row.Actual, row.Currency, format), CostCells.Money(row.Expected, row.Currency, format),
        CostCells.Money(row.Impact, row.Currency, format),
        format == OutputFormat.Table ? row.Z.ToString("0.0", CultureInfo.InvariantCulture) : Math.Round(row.Z, 3),
        row.Severity.ToString().ToLowerInvariant(), row.BaselineDays, row.ComparedWith,
    ];
}
