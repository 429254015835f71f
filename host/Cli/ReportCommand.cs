using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Insights.Host.Runtime;
using Platform.Insights.Reports;
using Platform.Insights.Reports.Building;
using Platform.Insights.Reports.History;
using Platform.Insights.Reports.Model;
using Platform.Insights.Reports.Rendering;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// <c>insights report weekly|monthly|team|list</c>: generate a leadership, cost or team report on demand (the same code the
/// schedules in <c>insights serve</c> run) and list the report history.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var command = new Command("report", "KPI reports for leadership: weekly leadership, monthly cost and per-team reports (HTML, PDF, Markdown, CSV, JSON), and their history.");
        command.Subcommands.Add(Generate(ReportKind.Weekly, "weekly", "The weekly leadership report: scorecard against the seed's targets, highlights, charts, tables (--period 2026-W47; default last week)."));
        command.Subcommands.Add(Generate(ReportKind.Monthly, "monthly", "The monthly cost report (--period 2026-11; default last month)."));
        command.Subcommands.Add(Generate(ReportKind.Team, "team", "One team's weekly report (--team T, --period 2026-W47)."));
        command.Subcommands.Add(List());
        return command;
    }

    private static Command Generate(ReportKind kind, string name, string description)
    {
        var period = new Option<string?>("--period") { Description = kind == ReportKind.Monthly ? "The month, yyyy-MM (default: last month)." : "The ISO week, yyyy-Www (default: last week)." };
        var team = new Option<string?>("--team") { Description = "The team (team reports)." };
        var output = new Option<string?>("--out") { Description = "Write the files to DIR/ID/ instead of DATA/reports/ID/." };
        var formats = new Option<string?>("--format") { Description = "Comma-separated: html, pdf, md, csv, json (default Insights:Reports:Formats, all)." };
        var command = new Command(name, description) { period, formats, output };
        if (kind == ReportKind.Team)
        {
            command.Options.Add(team);
        }
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            if (kind == ReportKind.Team && string.IsNullOrWhiteSpace(parse.GetValue(team)))
            {
                throw new UsageException("report team needs --team NAME");
            }
            await using var runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, "report"), cancellationToken);
            var services = runtime.Services;
            var (reportPeriod, chosen) = Parse(kind, parse.GetValue(period), parse.GetValue(formats) ?? services.GetRequiredService<IOptions<ReportsOptions>>().Value.Formats,
                services.GetRequiredService<TimeProvider>());
            var generated = await services.GetRequiredService<ReportGenerator>()
                .GenerateAsync(new ReportRequest(kind, reportPeriod, parse.GetValue(team)), chosen, parse.GetValue(output), "cli", cancellationToken);
            Print(generated, Console.Out);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The period (default: the last complete one) and formats, or a usage error naming the bad value.</summary>
    public static (ReportPeriod Period, ReportFormats Formats) Parse(ReportKind kind, string? period, string formats, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        try
        {
            var p = period is null ? ReportPeriod.LastComplete(kind, time.GetUtcNow().UtcDateTime) : ReportPeriod.Parse(kind, period);
            return (p, ReportFormatNames.Parse(formats));
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message, e);
        }
    }

    public static void Print(GeneratedReport generated, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(output);
        var report = generated.Report;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Title} ({report.Id}): {report.Scorecard.Count(r => r.Status == KpiStatus.OnTrack)} on track, {report.Scorecard.Count(r => r.Status == KpiStatus.AtRisk)} at risk, {report.Scorecard.Count(r => r.Status == KpiStatus.OffTrack)} off track, {report.Scorecard.Count(r => r.Status == KpiStatus.Missing)} missing; generated in {generated.Elapsed.TotalSeconds:0.0} s"));
        if (generated.Replaced is { } old)
        {
            output.WriteLine($"replaced the report for {old.Period} generated {ReportFormat.Utc(old.GeneratedAt)} (generation {old.Generations + 1})");
        }
        foreach (var file in generated.Files)
        {
            output.WriteLine(file);
        }
    }

    private static Command List()
    {
        var format = GlobalOptions.Format();
        var command = new Command("list", "The report history: every report generated, newest period first.") { format };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, "report"), cancellationToken);
            var rows = await runtime.Services.GetRequiredService<IReportHistory>().ListAsync(null, cancellationToken);
            DataPrinter.ForConsole().Print(Columns, rows.Select(Cells).ToList(), parse.GetValue(format));
            return ExitCodes.Success;
        }));
        return command;
    }

    public static IReadOnlyList<string> Columns { get; } = ["id", "kind", "period", "team", "generatedAt", "trigger", "generations", "formats", "directory"];

    public static object?[] Cells(ReportRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return [r.Id, r.Kind, r.Period, r.Team, r.GeneratedAt, r.Trigger, r.Generations, string.Join(",", r.Formats), r.Directory];
    }
}
