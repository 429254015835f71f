using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Uptime;
using Platform.Insights.Host.Runtime;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// <c>insights kpi</c>: uptime KPIs per org, team or service over a rolling or calendar window — availability with
/// coverage, SLO error budget remaining, burn rates and alert state, incidents, MTTR, MTBF and recovery within 5 minutes.
/// </summary>
public static class KpiCommand
{
    public static Command Create()
    {
        var scope = new Option<string>("--scope") { Description = "org, team or service.", DefaultValueFactory = _ => "org" };
        scope.AcceptOnlyFromAmong("org", "team", "service");
        var name = new Option<string?>("--name") { Description = "Only this team or service." };
        var window = new Option<string>("--window") { Description = "Rolling 1d, 7d, 28d, 30d, or the calendar week / month (default 30d), ending now or where the data ends.", DefaultValueFactory = _ => "30d" };
        window.AcceptOnlyFromAmong([.. UptimeWindow.Names]);
        var from = new Option<string?>("--from") { Description = "Start (UTC date yyyy-MM-dd or ISO 8601 time) of an explicit window, inclusive; needs --to or ends as of now." };
        var to = new Option<string?>("--to") { Description = "End (UTC date or ISO 8601 time), exclusive; burn rates end here." };
        var format = GlobalOptions.Format();
        var command = new Command("kpi", "Uptime KPIs per org, team or service: availability, coverage, SLO budget, burn rates, incidents, MTTR.") { scope, name, window, from, to, format };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var (start, end) = Times(parse.GetValue(from), parse.GetValue(to));
            var uptimeScope = Enum.Parse<UptimeScope>(parse.GetValue(scope)!, ignoreCase: true);
            await using var runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, "kpi"), cancellationToken);
            var report = await runtime.Services.GetRequiredService<UptimeKpiQuery>()
                .ComputeAsync(uptimeScope, parse.GetValue(name), parse.GetValue(window)!, start, end, team: null, cancellationToken);
            var delivery = await DeliveryKpis.ForAsync(runtime.Services, uptimeScope, parse.GetValue(name), report.Window, team: null, null, cancellationToken);
            Print(report, delivery, parse.GetValue(format), Console.Out);
            return ExitCodes.Success;
        }));
        return command;
    }

    public static void Print(UptimeReport report, DeliveryKpis delivery, OutputFormat format, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(output);
        var printer = new DataPrinter(output, ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected);
        if (format == OutputFormat.Table)
        {
            var note = report.DataEndsEarlier ? " (as of the last SLI sample: the data ends before now)" : "";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"window {report.Window.Name}: {report.Window.From:yyyy-MM-dd HH:mm} to {report.Window.To:yyyy-MM-dd HH:mm} UTC{note}"));
            printer.Print(UptimeCells.TableColumns, report.Rows.Select(UptimeCells.TableCells), format);
            output.WriteLine();
            output.WriteLine($"Delivery (DORA, {DoraCells.Benchmarks(delivery.Benchmarks)} bands):");
            printer.Print(DoraCells.TableColumns, delivery.Dora.Select(DoraCells.TableCells).ToList(), format);
            output.WriteLine();
            output.WriteLine("Platform (CI, cycle time and environment setup vs the baseline period, self-service, adoption, error logs):");
            printer.Print(ProductivityCells.TableColumns, delivery.Productivity.Select(ProductivityCells.TableCells).ToList(), format);
            return;
        }
        printer.Print(Columns(format), Rows(report, delivery, format), format);
    }

    /// <summary>The uptime columns, then the DORA fields and bands, then the CI / setup / adoption figures.</summary>
    public static IReadOnlyList<string> Columns(OutputFormat format) =>
        [.. UptimeCells.Columns, .. DoraCells.KpiFields, .. DoraCells.BandColumns(format), .. ProductivityCells.KpiFields];

    /// <summary>One row per name of either side: a name with no uptime data has only its scope, name and team there.</summary>
    public static IEnumerable<object?[]> Rows(UptimeReport report, DeliveryKpis delivery, OutputFormat format)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(delivery);
        var uptime = report.Rows.ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (var name in report.Rows.Select(r => r.Name).Concat(delivery.Names).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var dora = delivery.DoraOf(name);
            object?[] left = uptime.TryGetValue(name, out var row)
                ? UptimeCells.Cells(row)
                : [.. new object?[] { UptimeCells.Lower(dora?.Scope ?? UptimeScope.Org), name, dora?.Team ?? delivery.ProductivityOf(name)?.Team },
                   .. Enumerable.Repeat<object?>(null, UptimeCells.Columns.Length - 3)];
            yield return [.. left, .. DoraCells.KpiCells(dora, format), .. ProductivityCells.KpiCells(delivery.ProductivityOf(name))];
        }
    }

    public static (DateTime? From, DateTime? To) Times(string? from, string? to)
    {
        if (!UptimeCells.TryTime(from, out var start) || !UptimeCells.TryTime(to, out var end))
        {
            throw new UsageException("--from and --to must be UTC dates (yyyy-MM-dd) or ISO 8601 times");
        }
        if (start is { } s && end is { } e && e <= s)
        {
            throw new UsageException("--to must be after --from (the range is [from, to))");
        }
        return (start, end);
    }
}
