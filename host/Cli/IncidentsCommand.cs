using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Uptime;
using Platform.Insights.Host.Runtime;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// <c>insights incidents</c>: the outages that started in a window (default the last 30 days, as of now or where the
/// data ends), from probe samples and incident events, with start, end (empty while open), duration and source.
/// </summary>
public static class IncidentsCommand
{
    public static Command Create()
    {
        var service = new Option<string?>("--service") { Description = "Only this service." };
        var from = new Option<string?>("--from") { Description = "Start (UTC date or ISO 8601 time), inclusive; default 30 days before --to." };
        var to = new Option<string?>("--to") { Description = "End (UTC date or ISO 8601 time), exclusive; default now or where the data ends." };
        var format = GlobalOptions.Format();
        var command = new Command("incidents", "Incidents (probe outages and incident events) that started in a window, with duration and source.") { service, from, to, format };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var (start, end) = KpiCommand.Times(parse.GetValue(from), parse.GetValue(to));
            await using var runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, "incidents"), cancellationToken);
            var (asOf, _) = end is { } e ? (e, false) : await runtime.Services.GetRequiredService<SliDataEnd>().AsOfAsync(cancellationToken);
            var incidents = await runtime.Services.GetRequiredService<IncidentQuery>().StartedInAsync(start ?? asOf.AddDays(-30), asOf, parse.GetValue(service), team: null, cancellationToken);
            var output = parse.GetValue(format);
            DataPrinter.ForConsole().Print(output == OutputFormat.Table ? UptimeCells.IncidentTableColumns : UptimeCells.IncidentColumns,
                incidents.Select(i => output == OutputFormat.Table ? UptimeCells.TableCells(i) : UptimeCells.Cells(i)), output);
            return ExitCodes.Success;
        }));
        return command;
    }
}
