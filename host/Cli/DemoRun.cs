using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Cost;
using Platform.Insights.Analytics.Query;
using Platform.Insights.Demo;
using Platform.Insights.Host.Runtime;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Host.Cli;

/// <summary>One demo run: generate the organisation's files, ingest them as a user would, summarise.</summary>
public sealed class DemoRun(DemoOrganisationOptions options, string inputDirectory, string dataDirectory)
{
    public async Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"demo: {options.Teams} teams, {options.Services} services, {options.Days} days ({options.StartDate:yyyy-MM-dd} to {options.EndDate.AddDays(-1):yyyy-MM-dd}), seed {options.Seed}"));
        var manifest = await DemoGenerator.WriteAsync(options, inputDirectory, null, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generated {manifest.Files.Count} files in {inputDirectory} ({manifest.MetricSamples:N0} samples, {manifest.LogEvents:N0} log events, {manifest.Billing.Rows:N0} billing rows) in {clock.Elapsed.TotalSeconds:0.0} s"));

        var code = await CatalogCommand.LoadAsync(services, [Path.Combine(inputDirectory, "catalog")], Console.Out, cancellationToken);
        if (code != ExitCodes.Success)
        {
            return code;
        }
        var summaries = new List<ImportSummary>();
        foreach (var (kind, folder) in new[] { (ImportKinds.Metrics, "metrics"), (ImportKinds.Logs, "logs"), (ImportKinds.Billing, "billing") })
        {
            var files = ImportRunner.Expand(kind, [Path.Combine(inputDirectory, folder)]);
            var started = clock.Elapsed;
            var imported = (await ImportCommand.RunAsync(services, kind, files, new FileImportOptions { Strict = true }, cancellationToken)).Files;
            summaries.AddRange(imported);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{kind}: {imported.Count} files, read {imported.Sum(s => s.Read):N0}, stored {imported.Sum(s => s.Stored):N0}, duplicates dropped {imported.Sum(s => s.Duplicates):N0}, rejected {imported.Sum(s => s.Rejected):N0} in {(clock.Elapsed - started).TotalSeconds:0.0} s"));
            foreach (var problem in imported.Where(s => s.Outcome is not (ImportOutcome.Imported or ImportOutcome.AlreadyImported)))
            {
                Console.Error.WriteLine(ImportReport.Line(problem));
            }
        }

        var summary = services.GetRequiredService<StoreSummary>();
        var printer = DataPrinter.ForConsole();
        Console.WriteLine();
        Console.WriteLine("Stored, per kind:");
        var byKind = await summary.ByKindAsync(cancellationToken);
        printer.Print(byKind.Columns, byKind.Rows, OutputFormat.Table);
        Console.WriteLine();
        Console.WriteLine("Per team:");
        var byTeam = await summary.ByTeamAsync(cancellationToken);
        printer.Print(byTeam.Columns, byTeam.Rows, OutputFormat.Table);
        Console.WriteLine();
        Console.WriteLine("Cost by team (allocated by catalog cost-tags, then tags; what matches nothing is 'unallocated'):");
        var cost = await services.GetRequiredService<CostQuery>().ByAsync(CostDimension.Team, null, null, team: null, cancellationToken);
        printer.Print(CostCommand.Columns, cost.Select(r => CostCommand.Cells(r, OutputFormat.Table)).ToList(), OutputFormat.Table);
        await PrintCostKpisAsync(services, printer, cancellationToken);
        await DemoUptime.PrintAsync(services, options.StartDate, options.EndDate, printer, cancellationToken);
        await DemoDelivery.PrintAsync(services, options.StartDate, options.EndDate, printer, cancellationToken);
        await DemoIdle.PrintAsync(services, printer, cancellationToken);
        await DemoReports.WriteAsync(services, options.EndDate, Path.Combine(Path.GetDirectoryName(Path.GetFullPath(inputDirectory))!, "reports"), cancellationToken);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"demo finished in {clock.Elapsed.TotalSeconds:0.0} s. Data: {dataDirectory}. Next:"));
        Console.WriteLine($"  ./insights catalog list --data {dataDirectory}");
        Console.WriteLine($"  ./insights query --data {dataDirectory} \"SELECT service, count(*) FROM log_events WHERE action = 'deployment' GROUP BY 1 ORDER BY 2 DESC LIMIT 5\"");
        Console.WriteLine($"  ./insights forecast --by team --data {dataDirectory}");
        Console.WriteLine($"  ./insights dora --scope service --bands 2021 --data {dataDirectory}");
        Console.WriteLine($"  ./insights idle --data {dataDirectory}");
        Console.WriteLine($"  ./insights serve --data {dataDirectory}   (or ./insights demo --serve)");
        Server.LocalToken.GetOrCreate(dataDirectory);
        Console.WriteLine($"  API token for this data directory: in {Path.Combine(dataDirectory, "local-token")} (never printed)");
        return summaries.Any(s => s.Outcome is not (ImportOutcome.Imported or ImportOutcome.AlreadyImported) || s.Rejected > 0)
            ? ExitCodes.Failure
            : ExitCodes.Success;
    }

    /// <summary>Budget status per team (budgets chosen by <see cref="DemoBudgets"/>) and the cost anomalies of the whole window.</summary>
    private async Task PrintCostKpisAsync(IServiceProvider services, DataPrinter printer, CancellationToken cancellationToken)
    {
        var teams = await services.GetRequiredService<CostForecastQuery>().ForecastAsync(CostDimension.Team, CostBasis.Effective, team: null, asOf: null, cancellationToken);
        var budgets = await services.GetRequiredService<BudgetQuery>().AssessAsync(DemoBudgets.From(teams), team: null, cancellationToken);
        Console.WriteLine();
        Console.WriteLine(budgets.Count > 0 && budgets[0].AsOf is { } asOf
            ? string.Create(CultureInfo.InvariantCulture, $"Budget status per team (monthly, effective cost, as of {asOf:yyyy-MM-dd}; demo budgets, configure yours as Insights:Cost:Budgets):")
            : "Budget status per team: no spend to budget.");
        printer.Print(BudgetCommand.Columns, budgets.Select(b => BudgetCommand.Cells(b, OutputFormat.Table)).ToList(), OutputFormat.Table);

        var from = options.StartDate.AddDays(7).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var anomalies = await services.GetRequiredService<CostAnomalyQuery>().DetectAsync(from, null, CostBasis.Effective, team: null, cancellationToken);
        Console.WriteLine();
        Console.WriteLine(anomalies.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"Cost anomalies (a service's daily cost vs the median of its previous days, weekday-aware), from {from:yyyy-MM-dd}:")
            : "Cost anomalies: none found" + (options.Days < 8 ? " (needs at least 8 days of history)." : "."));
        if (anomalies.Count > 0)
        {
            printer.Print(AnomaliesCommand.Columns, anomalies.Select(a => AnomaliesCommand.Cells(a, OutputFormat.Table)).ToList(), OutputFormat.Table);
        }
    }
}
