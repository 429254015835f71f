using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Host.Cli;

/// <summary>The demo's delivery section: the DORA table with bands and the platform KPIs per team and for the org over the generated period.</summary>
public static class DemoDelivery
{
    public static async Task PrintAsync(IServiceProvider services, DateOnly start, DateOnly end, DataPrinter printer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(printer);
        var window = new UptimeWindow("custom", start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), end.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        var teams = await DeliveryKpis.ForAsync(services, UptimeScope.Team, null, window, team: null, null, cancellationToken);
        var org = await DeliveryKpis.ForAsync(services, UptimeScope.Org, null, window, team: null, null, cancellationToken);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"DORA per team and for the org, {window.From:yyyy-MM-dd} to {window.To.AddDays(-1):yyyy-MM-dd} ({DoraCells.Benchmarks(teams.Benchmarks)} bands, DevLake's definitions; successful production deployments; n = what each median is from):"));
        printer.Print(DoraCells.TableColumns, teams.Dora.Concat(org.Dora).Select(DoraCells.TableCells).ToList(), OutputFormat.Table);
        Console.WriteLine();
        Console.WriteLine("Platform KPIs (cycle time and environment setup vs the period of the same length before; targets: 50 % and 40 % shorter, 90 % self-service, 95 % adoption):");
        printer.Print(ProductivityCells.TableColumns, teams.Productivity.Concat(org.Productivity).Select(ProductivityCells.TableCells).ToList(), OutputFormat.Table);
    }
}
