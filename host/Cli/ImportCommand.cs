using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Host.Runtime;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Parsers.Billing;
using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Host.Cli;

/// <summary><c>insights import metrics|logs|billing PATH…</c></summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var import = new Command("import", "Import files in standard formats: metrics (OpenMetrics), logs (ECS NDJSON), billing (FOCUS, AWS CUR, Azure, GCP: CSV, Parquet, JSON lines).");
        import.Subcommands.Add(Kind(ImportKinds.Metrics, "Import OpenMetrics / Prometheus text exposition files with timestamps (plain or .gz)."));
        import.Subcommands.Add(Kind(ImportKinds.Logs, "Import Elastic Common Schema NDJSON files (plain or .gz)."));
        import.Subcommands.Add(Kind(ImportKinds.Billing, "Import billing exports mapped onto FOCUS: FOCUS, AWS CUR, Azure and GCP as CSV (plain or .gz), Parquet or GCP JSON lines."));
        return import;
    }

    private static Command Kind(string kind, string description)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Files or directories to import.", Arity = ArgumentArity.OneOrMore };
        var strict = new Option<bool>("--strict") { Description = "Abort a file without storing anything from it when any line is bad." };
        var format = GlobalOptions.Format();
        var inputFormat = new Option<string?>("--input-format")
        {
            Description = "Read every file as this layout instead of detecting it from the header: " + string.Join(", ", BillingFormatNames.Names) + ".",
        };
        inputFormat.AcceptOnlyFromAmong([.. BillingFormatNames.Names]);
        var delivery = new Option<string?>("--delivery")
        {
            Description = "Name of the provider's delivery these files are parts of (e.g. an AWS CUR assemblyId, an export run's id): " +
                "parts imported in separate runs, or on other silos of a cluster, under the same name add up instead of replacing " +
                "each other. Default: the files of this run are one delivery, which restates the billing periods it covers.",
        };
        var command = new Command(kind, description) { paths, strict, format };
        if (kind == ImportKinds.Billing)
        {
            command.Options.Add(inputFormat);
            command.Options.Add(delivery);
        }
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var files = ImportRunner.Expand(kind, parse.GetValue(paths)!);
            if (files.Count == 0)
            {
                throw new UsageException($"no {kind} files found in {string.Join(", ", parse.GetValue(paths)!)}");
            }
            if (kind == ImportKinds.Billing && parse.GetValue(delivery) is { } name && !DeliveryNames.IsValid(name))
            {
                throw new UsageException($"--delivery '{name}': {DeliveryNames.Rule}");
            }
            await using var runtime = await EmbeddedRuntime.StartAsync(GlobalOptions.Settings(parse, $"import {kind}"), cancellationToken);
            BillingFormat? layout = BillingFormatNames.TryParse(parse.GetValue(inputFormat), out var given) ? given : null;
            var run = await RunAsync(runtime.Services, kind, files, new FileImportOptions
            {
                Strict = parse.GetValue(strict),
                BillingFormat = layout,
                DeliveryName = kind == ImportKinds.Billing ? parse.GetValue(delivery) : null,
            }, cancellationToken);
            ImportReport.Print(run, parse.GetValue(format));
            return ImportReport.ExitCode(run.Files);
        }));
        return command;
    }

    /// <summary>Imports files with a progress bar on a terminal (shared with the demo).</summary>
    public static Task<ImportRun> RunAsync(IServiceProvider services, string kind, IReadOnlyList<string> files, FileImportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var runner = new ImportRunner(services);
        var total = files.Sum(f => new FileInfo(f).Length);
        return ImportProgressView.RunAsync($"import {kind}", total, progress =>
            runner.ImportAsync(kind, files, options with { Progress = progress }, null, cancellationToken));
    }
}
