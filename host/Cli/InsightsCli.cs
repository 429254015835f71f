using System.CommandLine;

namespace Platform.Insights.Host.Cli;

/// <summary>The <c>insights</c> command line: every verb, with one-line descriptions and <c>--help</c>.</summary>
public static class InsightsCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Platform.Insights: metrics, logs and billing in; uptime, productivity and cost KPIs out.")
        {
            GlobalOptions.Data,
        };
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(PullCommand.Create());
        root.Subcommands.Add(CatalogCommand.Create());
        root.Subcommands.Add(QueryCommand.Create());
        root.Subcommands.Add(TokenCommand.Create());
        root.Subcommands.Add(CostCommand.Create());
        root.Subcommands.Add(BudgetCommand.Create());
        root.Subcommands.Add(ForecastCommand.Create());
        root.Subcommands.Add(AnomaliesCommand.Create());
        root.Subcommands.Add(CostViewCommands.Commitments());
        root.Subcommands.Add(CostViewCommands.UnitCost());
        root.Subcommands.Add(CostViewCommands.Hygiene());
        root.Subcommands.Add(KpiCommand.Create());
        root.Subcommands.Add(DoraCommand.Create());
        root.Subcommands.Add(IncidentsCommand.Create());
        root.Subcommands.Add(UtilisationCommand.Create());
        root.Subcommands.Add(IdleCommand.Create());
        root.Subcommands.Add(DashboardsCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(DbCommand.Create());
        root.Subcommands.Add(CleanupCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine($"insights: {error.Message}");
            }
            Console.Error.WriteLine("Run 'insights --help' (or 'insights VERB --help') for usage.");
            return ExitCodes.BadInput;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = ShutdownGrace });
    }

    /// <summary>
    /// How long Ctrl-C / SIGTERM waits for a verb to finish after cancelling it, before System.CommandLine forces
    /// exit code 130/143. Its default of 2 s cut clean shutdowns short on a busy machine (grains not yet saved,
    /// store not drained); the host's own 30 s shutdown timeout is what bounds a stop.
    /// </summary>
    public static TimeSpan ShutdownGrace { get; } = TimeSpan.FromSeconds(60);
}
