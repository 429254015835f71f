using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Host.Cli;

/// <summary>The demo's uptime section: the KPI table per team and for the org over the whole generated period.</summary>
public static class DemoUptime
{
    public static async Task PrintAsync(IServiceProvider services, DateOnly start, DateOnly end, DataPrinter printer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(printer);
        var (from, to) = (start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), end.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        var kpis = services.GetRequiredService<UptimeKpiQuery>();
        var teams = await kpis.ComputeAsync(UptimeScope.Team, null, "30d", from, to, team: null, cancellationToken);
        var org = await kpis.ComputeAsync(UptimeScope.Org, null, "30d", from, to, team: null, cancellationToken);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Uptime per team and for the org, {from:yyyy-MM-dd} to {to.AddDays(-1):yyyy-MM-dd} (SLO burn rates end at {to:yyyy-MM-dd HH:mm}; MTTR over resolved incidents; target: recovery within 5 minutes):"));
        printer.Print(UptimeCells.TableColumns, teams.Rows.Concat(org.Rows).Select(UptimeCells.TableCells).ToList(), OutputFormat.Table);
    }
}
