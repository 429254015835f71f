using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Analytics.Uptime;
using Platform.Insights.Host.Runtime;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// <c>insights dora</c>: the DORA four keys per org, team or service by Apache DevLake's rules — deployment frequency
/// (deployment days per week / month / six months), lead time for changes, change failure rate, failed deployment
/// recovery time and time to restore — each with its band (2023 or 2021 benchmarks) and the count it came from.
/// </summary>
public static class DoraCommand
{
    public static Command Create()
    {
        var scope = new Option<string>("--scope") { Description = "org, team or service.", DefaultValueFactory = _ => "org" };
        scope.AcceptOnlyFromAmong("org", "team", "service");
        var name = new Option<string?>("--name") { Description = "Only this team or service." };
        var bands = new Option<string?>("--bands") { Description = "The benchmarks the figures are graded by: 2023 (default, or Insights:Productivity:Benchmarks) or 2021." };
        bands.AcceptOnlyFromAmong("2023", "2021");
        var window = new Option<string>("--window") { Description = "Rolling 1d, 7d, 28d, 30d, or the calendar week / month (default 30d), ending now or where the events end.", DefaultValueFactory = _ => "30d" };
        window.AcceptOnlyFromAmong([.. UptimeWindow.Names]);
        var from = new Option<string?>("--from") { Description = "Start (UTC date yyyy-MM-dd or ISO 8601 time) of an explicit window, inclusive." };
        var to = new Option<string?>("--to") { Description = "End (UTC date or ISO 8601 time), exclusive." };
        var format = GlobalOptions.Format();
        var command = new Command("dora", "DORA four keys per org, team or service (DevLake's definitions), each with its band and count.") { scope, name, bands, window, from, to, format };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var (start, end) = KpiCommand.Times(parse.GetValue(from), parse.GetValue(to));
            var doraScope = Enum.Parse<UptimeScope>(parse.GetValue(scope)!, ignoreCase: true);
            await using var runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, "dora"), cancellationToken);
            var report = await runtime.Services.GetRequiredService<DoraQuery>()
                .ComputeAsync(doraScope, parse.GetValue(name), parse.GetValue(window)!, start, end, team: null, Benchmarks(parse.GetValue(bands)), cancellationToken);
            Print(report, parse.GetValue(format), Console.Out);
            return ExitCodes.Success;
        }));
        return command;
    }

    public static DoraBenchmarks? Benchmarks(string? bands) => bands switch
    {
        null => null,
        "2023" => DoraBenchmarks.Report2023,
        "2021" => DoraBenchmarks.Report2021,
        _ => throw new UsageException("--bands must be 2023 or 2021"),
    };

    public static void Print(DoraReport report, OutputFormat format, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        if (format == OutputFormat.Table)
        {
            var note = report.DataEndsEarlier ? " (as of the last stored event: the events end before now)" : "";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"DORA, {DoraCells.Benchmarks(report.Benchmarks)} bands, window {report.Window.Name}: {report.Window.From:yyyy-MM-dd HH:mm} to {report.Window.To:yyyy-MM-dd HH:mm} UTC{note}"));
            new DataPrinter(output, ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected)
                .Print(DoraCells.TableColumns, report.Rows.Select(DoraCells.TableCells).ToList(), format);
            return;
        }
        new DataPrinter(output, terminal: false).Print(DoraCells.Columns(format), report.Rows.Select(r => DoraCells.Cells(r, format)), format);
    }
}
