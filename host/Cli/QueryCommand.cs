using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Query;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Host.Runtime;
using Platform.Insights.Host.Server;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// <c>insights query "SQL"</c>: read-only SQL over the store. When a running server holds the data
/// directory, the query goes to that server's API (with the local token) instead of failing.
/// </summary>
public static class QueryCommand
{
    public static Command Create()
    {
        var sql = new Argument<string>("SQL") { Description = "One read-only statement (SELECT, WITH, FROM, SHOW, DESCRIBE, SUMMARIZE). Tables: docs/SCHEMA.md." };
        var format = GlobalOptions.Format();
        var maxRows = new Option<int>("--max-rows") { Description = "At most this many rows are printed.", DefaultValueFactory = _ => 10_000 };
        var command = new Command("query", "Run read-only SQL over the store.") { sql, format, maxRows };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var settings = GlobalOptions.Settings(parse, "query");
            var dataDirectory = DataDirectoryOf(settings);
            QueryResult result;
            try
            {
                ReadOnlyQuery.Validate(parse.GetValue(sql)!);
                if (DataDirectoryLock.IsHeld(dataDirectory) && DataDirectoryLock.ReadOwner(dataDirectory) is { Url: { } url })
                {
                    result = await ServerQueryClient.QueryAsync(url, LocalToken.Read(dataDirectory), parse.GetValue(sql)!, parse.GetValue(maxRows), cancellationToken);
                }
                else
                {
                    await using var runtime = await EmbeddedRuntime.StartAsync(settings, cancellationToken);
                    result = await runtime.Services.GetRequiredService<ReadOnlyQuery>().RunAsync(parse.GetValue(sql)!, parse.GetValue(maxRows), cancellationToken);
                }
            }
            catch (DuckDB.NET.Data.DuckDBException e)
            {
                throw new QueryRejectedException(e.Message, e);
            }
            DataPrinter.ForConsole().Print(result.Columns, result.Rows, parse.GetValue(format));
            if (result.Truncated)
            {
                Console.Error.WriteLine($"insights: output truncated at {parse.GetValue(maxRows):N0} rows (--max-rows)");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string DataDirectoryOf(RuntimeSettings settings)
    {
        var configuration = new ConfigurationBuilder();
        InsightsConfiguration.Apply(configuration, settings.Overrides);
        return configuration.Build()[$"{StoreOptions.Section}:Data"] ?? "data";
    }
}
