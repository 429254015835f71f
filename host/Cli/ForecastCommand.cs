using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Cost;
using Platform.Insights.Host.Runtime;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// <c>insights forecast</c>: month-to-date spend and the projection to month end with a 90 % band, overall or per
/// team / service, as of the last complete day with data (old exports forecast the month they end in).
/// </summary>
public static class ForecastCommand
{
    public static readonly string[] Columns =
        ["group", "currency", "asOf", "monthToDate", "dailyRate", "forecast", "low", "high", "remainingDays", "trailingDays"];

    public static Command Create()
    {
        var by = new Option<string?>("--by") { Description = "Split by: " + string.Join(", ", CostDimensions.Names) + " (default: overall)." };
        by.AcceptOnlyFromAmong([.. CostDimensions.Names]);
        var basis = CostCells.Basis();
        var format = GlobalOptions.Format();
        var command = new Command("forecast", "Month-to-date spend and the month-end forecast with a 90% band (as of the last complete day with data).") { by, basis, format };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            CostDimension? dimension = parse.GetValue(by) is { } name && CostDimensions.TryParse(name, out var d) ? d : null;
            await using var runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, "forecast"), cancellationToken);
            var rows = await runtime.Services.GetRequiredService<CostForecastQuery>().ForecastAsync(dimension, parse.GetValue(basis), team: null, asOf: null, cancellationToken);
            var output = parse.GetValue(format);
            if (output == OutputFormat.Table && rows.Count > 0)
            {
                Console.WriteLine($"as of {rows[0].AsOf:yyyy-MM-dd} (the last complete day with data), {CostCells.Name(parse.GetValue(basis))} cost:");
            }
            DataPrinter.ForConsole().Print(Columns, rows.Select(r => Cells(r, output)), output);
            return ExitCodes.Success;
        }));
        return command;
    }

    public static object?[] Cells(CostForecastRow row, OutputFormat format) =>
    [
        row.Group, row.Currency, row.AsOf, CostCells.Money(row.MonthToDate, row.Currency, format), CostCells.Money(row.DailyRate, row.Currency, format),
        CostCells.Money(row.Forecast, row.Currency, format), CostCells.Money(row.Low, row.Currency, format), CostCells.Money(row.High, row.Currency, format),
        row.RemainingDays, row.TrailingDays,
    ];
}
