using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Catalog;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Host.Runtime;
using Platform.Insights.Ingest.Catalog;

namespace Platform.Insights.Host.Cli;

/// <summary><c>insights catalog load|list</c>: who owns what, from Backstage <c>catalog-info.yaml</c> files.</summary>
public static class CatalogCommand
{
    public static Command Create()
    {
        var catalog = new Command("catalog", "Load and list the service catalog (Backstage catalog-info.yaml).");

        var paths = new Argument<string[]>("PATH") { Description = "catalog-info.yaml files or directories (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var load = new Command("load", "Load Backstage Component, Group and System entities; services belong to teams through spec.owner.") { paths };
        load.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            EmbeddedRuntime runtime;
            try
            {
                runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, "catalog load"), cancellationToken);
            }
            catch (DataDirectoryHeldException e)
            {
                throw new DataDirectoryHeldException(
                    $"{e.Message} A running server loads catalog files itself: name them in {CatalogOptions.Section}:Paths and it re-reads them every {CatalogOptions.Section}:ReloadInterval.", e);
            }
            await using (runtime)
            {
                return await LoadAsync(runtime.Services, parse.GetValue(paths)!, Console.Out, cancellationToken);
            }
        }));

        var format = GlobalOptions.Format();
        var team = new Option<string?>("--team") { Description = "Only this team's services." };
        var list = new Command("list", "List teams and their services.") { format, team };
        list.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, "catalog list"), cancellationToken);
            var result = await runtime.Services.GetRequiredService<CatalogStore>().ListAsync(parse.GetValue(team), cancellationToken);
            DataPrinter.ForConsole().Print(result.Columns, result.Rows, parse.GetValue(format));
            return ExitCodes.Success;
        }));

        catalog.Subcommands.Add(load);
        catalog.Subcommands.Add(list);
        return catalog;
    }

    /// <summary>Loads catalog files into the store; file errors and conflicts go to stderr and give exit code 2.</summary>
    public static async Task<int> LoadAsync(IServiceProvider services, IEnumerable<string> paths, TextWriter output, CancellationToken cancellationToken)
    {
        var fullPaths = paths.Select(p => File.Exists(p) || Directory.Exists(p)
            ? Path.GetFullPath(p)
            : throw new FileNotFoundException($"{p}: no such file or directory", p)).ToList();
        var set = CatalogSet.Load(fullPaths);
        foreach (var error in set.FileErrors)
        {
            Console.Error.WriteLine($"insights: {error}");
        }
        foreach (var conflict in set.Conflicts)
        {
            Console.Error.WriteLine($"insights: {conflict.Message}");
        }
        foreach (var warning in set.Warnings)
        {
            Console.Error.WriteLine($"warning: {warning}");
        }
        if (set.Conflicts.Count > 0)
        {
            Console.Error.WriteLine("insights: nothing was loaded: fix the conflicts above");
            return ExitCodes.BadInput;
        }

        var store = services.GetRequiredService<CatalogStore>();
        var saved = await store.SaveAsync(set.LoadedFiles, set.Groups, set.Systems, set.Services, cancellationToken);
        foreach (var conflict in saved.Conflicts)
        {
            Console.Error.WriteLine($"insights: {conflict} (already loaded); nothing was loaded");
        }
        if (!saved.Saved)
        {
            return ExitCodes.BadInput;
        }
        output.WriteLine($"catalog: {set.LoadedFiles.Count} files, {set.Teams.Count} teams ({saved.Teams} Group entities), {saved.Systems} systems, {saved.Services} services loaded");
        return set.FileErrors.Count > 0 ? ExitCodes.BadInput : ExitCodes.Success;
    }
}
