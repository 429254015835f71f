using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Cost;
using Platform.Insights.Host.Runtime;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// <c>insights cost --by DIMENSION</c>: FOCUS BilledCost and EffectiveCost per group and currency, each row
/// allocated to a team, service and environment (catalog cost-tags, then tag keys, else <c>unallocated</c>);
/// <c>--every day|week|month</c> trends it per period, <c>--compare previous|baseline</c> compares daily cost per team
/// with the previous period of equal length or the configured baseline (<c>Insights:Cost:Baseline</c>).
/// </summary>
public static class CostCommand
{
    public static readonly string[] Columns = ["group", "currency", "billedCost", "effectiveCost", "rows", "share"];

    public static Command Create()
    {
        var by = new Option<string>("--by")
        {
            Description = "Group by: " + string.Join(", ", CostDimensions.Names) + ".",
            DefaultValueFactory = _ => "team",
        };
        by.AcceptOnlyFromAmong([.. CostDimensions.Names]);
        var from = new Option<string?>("--from") { Description = "First day (yyyy-MM-dd, UTC) of ChargePeriodStart, inclusive." };
        var to = new Option<string?>("--to") { Description = "Day (yyyy-MM-dd, UTC) where the range ends, exclusive: [from, to)." };
        var every = new Option<CostInterval?>("--every") { Description = "Trend per period: day, week (ISO, from Monday) or month." };
        var compare = new Option<string?>("--compare")
        {
            Description = "Daily cost per team vs the previous period of equal length (previous) or the configured baseline (baseline); default period: the last 30 days with data.",
        };
        compare.AcceptOnlyFromAmong("previous", "baseline");
        var basis = CostCells.Basis();
        var format = GlobalOptions.Format();
        var command = new Command("cost", "Spend (billed and effective) by team, service, environment or a FOCUS column, per currency; over time; vs previous period or baseline.")
        {
            by, from, to, every, compare, basis, format,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            if (!CostDimensions.TryParse(parse.GetValue(by), out var dimension))
            {
                throw new UsageException($"--by must be one of {string.Join(", ", CostDimensions.Names)}");
            }
            var start = Day(parse.GetValue(from), "--from");
            var end = Day(parse.GetValue(to), "--to");
            if (start is not null && end is not null && end <= start)
            {
                throw new UsageException("--to must be after --from (the range is [from, to))");
            }
            if (parse.GetValue(every) is not null && parse.GetValue(compare) is not null)
            {
                throw new UsageException("--every and --compare do not go together");
            }
            await using var runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, "cost"), cancellationToken);
            var output = parse.GetValue(format);
            if (parse.GetValue(every) is { } interval)
            {
                var trend = await runtime.Services.GetRequiredService<CostTrendQuery>().EveryAsync(interval, dimension, start, end, team: null, cancellationToken);
                DataPrinter.ForConsole().Print(CostTrendTable.TrendColumns, trend.Select(r => CostTrendTable.TrendCells(r, output)), output);
                return ExitCodes.Success;
            }
            if (parse.GetValue(compare) is { } reference)
            {
                return await CompareAsync(runtime.Services, reference == "baseline", start, end, parse.GetValue(basis), output, cancellationToken);
            }
            var rows = await runtime.Services.GetRequiredService<CostQuery>().ByAsync(dimension, start, end, team: null, cancellationToken);
            DataPrinter.ForConsole().Print(Columns, rows.Select(r => Cells(r, output)), output);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Table: money as "USD 1,234.56" and shares as percent; JSON and CSV: exact decimals and the share as a fraction.</summary>
    public static object?[] Cells(CostRow row, OutputFormat format) => format == OutputFormat.Table
        ? [row.Group, row.Currency, Money.Format(row.BilledCost, row.Currency), Money.Format(row.EffectiveCost, row.Currency), row.Rows,
           row.Share is { } s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : ""]
        : [row.Group, row.Currency, row.BilledCost, row.EffectiveCost, row.Rows, row.Share];

    private static async Task<int> CompareAsync(IServiceProvider services, bool baseline, DateTime? from, DateTime? to, CostBasis basis, OutputFormat output, CancellationToken cancellationToken)
    {
        if (baseline && !services.GetRequiredService<IOptions<CostKpiOptions>>().Value.Baseline.IsSet)
        {
            throw new UsageException("--compare baseline needs a baseline period: set Insights:Cost:Baseline:From and Insights:Cost:Baseline:To (yyyy-MM-dd)");
        }
        var lastDay = await services.GetRequiredService<BillingDataEnd>().LastCompleteDayAsync(cancellationToken);
        IReadOnlyList<CostChangeRow> rows = [];
        if (CostCells.Window(from, to, lastDay, 30) is { } window)
        {
            if (output == OutputFormat.Table)
            {
                Console.WriteLine($"{CostCells.Name(basis)} cost per day, {window.From:yyyy-MM-dd} to {window.To.AddDays(-1):yyyy-MM-dd}:");
            }
            rows = await services.GetRequiredService<CostChangeQuery>().CompareAsync(window.From, window.To, basis, team: null, cancellationToken);
        }
        DataPrinter.ForConsole().Print(baseline ? CostTrendTable.BaselineColumns : CostTrendTable.PreviousColumns,
            rows.Select(r => CostTrendTable.ChangeCells(r, baseline, output)), output);
        return ExitCodes.Success;
    }

    private static DateTime? Day(string? text, string option) => CostCells.Day(text, option);
}
