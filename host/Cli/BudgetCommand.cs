using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Cost;
using Platform.Insights.Host.Runtime;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// <c>insights budget</c>: each configured monthly budget (<c>Insights:Cost:Budgets</c>) against month-to-date spend
/// and the month-end forecast: on track, at risk or over, with the projected overrun date.
/// </summary>
public static class BudgetCommand
{
    public static readonly string[] Columns =
        ["scope", "name", "currency", "basis", "amount", "asOf", "monthToDate", "forecast", "low", "high", "used", "status", "overrunDate"];

    public static Command Create()
    {
        var format = GlobalOptions.Format();
        var command = new Command("budget", "Monthly budgets per team or service (Insights:Cost:Budgets): month-to-date, forecast, status, projected overrun date.") { format };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, "budget"), cancellationToken);
            var rows = await runtime.Services.GetRequiredService<BudgetQuery>().AssessAsync(team: null, cancellationToken);
            if (rows.Count == 0)
            {
                Console.Error.WriteLine("insights: no budgets configured (Insights:Cost:Budgets:0:Team or :Service, :Amount, :Currency; see README)");
            }
            var output = parse.GetValue(format);
            DataPrinter.ForConsole().Print(Columns, rows.Select(r => Cells(r, output)), output);
            return ExitCodes.Success;
        }));
        return command;
    }

    public static object?[] Cells(BudgetRow row, OutputFormat format) =>
    [
        row.Scope, row.Name, row.Currency, CostCells.Name(row.Basis), CostCells.Money(row.Amount, row.Currency, format), row.AsOf,
        CostCells.Money(row.MonthToDate, row.Currency, format), CostCells.Money(row.Forecast, row.Currency, format),
        CostCells.Money(row.Low, row.Currency, format), CostCells.Money(row.High, row.Currency, format),
        CostCells.Percent(row.UsedShare, format), BudgetAssessment.NameOf(row.Status), row.OverrunDate,
    ];
}
