using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Cost;
using Platform.Insights.Host.Runtime;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// <c>insights cost --by DIMENSION</c>: FOCUS BilledCost and EffectiveCost per group and currency, each row
/// allocated to a team, service and environment (catalog cost-tags, then tag keys, else <c>unallocated</c>).
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
        var format = GlobalOptions.Format();
        var command = new Command("cost", "Spend (billed and effective) by team, service, environment or a FOCUS column, per currency.") { by, from, to, format };
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
            await using var runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, "cost"), cancellationToken);
            var rows = await runtime.Services.GetRequiredService<CostQuery>().ByAsync(dimension, start, end, team: null, cancellationToken);
            var output = parse.GetValue(format);
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

    private static DateTime? Day(string? text, string option) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)
            : throw new UsageException($"{option} must be a date as yyyy-MM-dd, not '{text}'");
}
