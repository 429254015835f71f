using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Uptime;
using Platform.Insights.Host.Runtime;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// <c>insights utilisation</c>: per resource and metric (CPU, memory, network, disk), hourly or daily average, p95,
/// maximum and sample coverage (<c>Uptime/utilisation_rollup.sql</c>) — the evidence idle-resource findings rest on.
/// </summary>
public static class UtilisationCommand
{
    public static readonly string[] Columns = ["dimension", "resource", "service", "team", "metric", "period", "samples", "avg", "p95", "max", "coverage"];

    public static Command Create()
    {
        var from = new Option<string?>("--from") { Description = "Start (UTC date or ISO 8601 time), inclusive; default 7 days before --to." };
        var to = new Option<string?>("--to") { Description = "End (UTC date or ISO 8601 time), exclusive; default now or where the data ends." };
        var every = new Option<UtilisationBucket>("--every") { Description = "Period: hour or day.", DefaultValueFactory = _ => UtilisationBucket.Day };
        var format = GlobalOptions.Format();
        var command = new Command("utilisation", "Utilisation per resource and metric: hourly or daily average, p95, maximum and sample coverage.") { from, to, every, format };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var (start, end) = KpiCommand.Times(parse.GetValue(from), parse.GetValue(to));
            await using var runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, "utilisation"), cancellationToken);
            var asOf = end ?? (await runtime.Services.GetRequiredService<SliDataEnd>().AsOfAsync(cancellationToken)).AsOf;
            var rows = await runtime.Services.GetRequiredService<UtilisationQuery>()
                .RollupAsync(start ?? asOf.AddDays(-7), asOf, parse.GetValue(every), team: null, cancellationToken);
            var output = parse.GetValue(format);
            DataPrinter.ForConsole().Print(Columns, rows.Select(r => Cells(r, output)), output);
            return ExitCodes.Success;
        }));
        return command;
    }

    public static object?[] Cells(UtilisationRow row, OutputFormat format) =>
    [
        row.Dimension, row.Resource, row.Service, row.Team, row.Metric, row.Period, row.Samples,
        Number(row.Avg, format), Number(row.P95, format), Number(row.Max, format),
        format == OutputFormat.Table ? row.Coverage is { } c ? (c * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "" : row.Coverage,
    ];

    private static object? Number(double? value, OutputFormat format) =>
        format == OutputFormat.Table && value is { } v ? v.ToString("G4", CultureInfo.InvariantCulture) : value;
}
