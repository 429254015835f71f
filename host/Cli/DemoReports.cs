using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Cost;
using Platform.Insights.Reports;
using Platform.Insights.Reports.Building;
using Platform.Insights.Reports.Model;
using Platform.Insights.Reports.Rendering;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// The demo's reports: last week's leadership report and last month's cost report (as of the demo's end date), with the
/// demo budgets, into <c>out/reports/</c>. Without Chromium the PDF is left out and the demo says so.
/// </summary>
public static class DemoReports
{
    public static async Task WriteAsync(IServiceProvider services, DateOnly end, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var teams = await services.GetRequiredService<CostForecastQuery>().ForecastAsync(CostDimension.Team, CostBasis.Effective, team: null, asOf: null, cancellationToken);
        var budgets = DemoBudgets.From(teams);
        var generator = services.GetRequiredService<ReportGenerator>();
        var now = end.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        Console.WriteLine();
        Console.WriteLine($"Reports (insights report weekly|monthly; history: insights report list) in {directory}:");
        foreach (var kind in new[] { ReportKind.Weekly, ReportKind.Monthly })
        {
            var request = new ReportRequest(kind, ReportPeriod.LastComplete(kind, now), Budgets: budgets);
            GeneratedReport generated;
            try
            {
                generated = await generator.GenerateAsync(request, ReportFormats.All, directory, "demo", cancellationToken);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("chromium", StringComparison.OrdinalIgnoreCase))
            {
                Console.WriteLine($"  (no PDF: {e.Message.Split('\n')[0]})");
                generated = await generator.GenerateAsync(request, ReportFormats.All & ~ReportFormats.Pdf, directory, "demo", cancellationToken);
            }
            Console.WriteLine($"  {generated.Report.Title}:");
            foreach (var file in generated.Files.Where(f => !f.EndsWith(".csv", StringComparison.Ordinal)))
            {
                Console.WriteLine($"    {file}");
            }
            Console.WriteLine($"    + {generated.Files.Count(f => f.EndsWith(".csv", StringComparison.Ordinal))} CSV tables in {generated.Directory}");
        }
    }
}
