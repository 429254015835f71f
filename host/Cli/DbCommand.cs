using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Platform.Insights.Host.Cluster;
using Platform.Insights.Host.Runtime;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// <c>insights db init</c>: creates or updates the PostgreSQL schema cluster mode runs on (Orleans membership, grain
/// state, reminders). Idempotent: run it before every deployment, from any number of processes at once.
/// </summary>
public static class DbCommand
{
    public static readonly string[] Columns = ["migration", "outcome"];

    public static Command Create()
    {
        var db = new Command("db", "The cluster's PostgreSQL database: init (create or update its schema).");
        db.Subcommands.Add(Init());
        return db;
    }

    private static Command Init()
    {
        var connection = new Option<string?>("--connection")
        {
            Description = "Npgsql connection string (default Insights:Cluster:ConnectionString, env Insights__Cluster__ConnectionString).",
        };
        var format = GlobalOptions.Format();
        var command = new Command("init", "Create or update the cluster schema in PostgreSQL; safe to run again (already applied files are skipped).")
        {
            connection, format,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var connectionString = parse.GetValue(connection) ?? ConfiguredConnectionString();
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new UsageException($"no connection string: pass --connection or set {ClusterOptions.Section}:ConnectionString");
            }
            if (Analytics.Store.PostgresConnectionString.Problem(parse.GetValue(connection) is null ? $"{ClusterOptions.Section}:ConnectionString" : "--connection", connectionString) is { } problem)
            {
                throw new UsageException(problem);
            }
            IReadOnlyList<ClusterMigrationResult> results;
            try
            {
                results = await ClusterSchema.ApplyAsync(connectionString, cancellationToken);
            }
            catch (NpgsqlException e)
            {
                Console.Error.WriteLine($"insights: db init failed: {e.Message}");
                return ExitCodes.Failure;
            }
            DataPrinter.ForConsole().Print(Columns, results.Select(r => new object?[] { r.Name, r.Applied ? "applied" : "already applied" }), parse.GetValue(format));
            Console.Error.WriteLine($"db init: {results.Count(r => r.Applied)} applied, {results.Count(r => !r.Applied)} already applied");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string? ConfiguredConnectionString()
    {
        var configuration = new ConfigurationBuilder();
        InsightsConfiguration.Apply(configuration, new Dictionary<string, string?>());
        return configuration.Build()[$"{ClusterOptions.Section}:ConnectionString"];
    }
}
