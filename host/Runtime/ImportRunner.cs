using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Host.Runtime;

/// <summary>
/// Runs file imports of one kind over files and directories (directories: the files whose extension
/// fits the kind, in name order), one file after another, through the kind's source; billing files as one delivery.
/// </summary>
public sealed class ImportRunner(IServiceProvider services)
{
    private static readonly Dictionary<string, string[]> Extensions = new(StringComparer.Ordinal)
    {
        [ImportKinds.Metrics] = [".om", ".prom", ".txt", ".openmetrics", ".om.gz", ".prom.gz", ".txt.gz"],
        [ImportKinds.Logs] = [".ndjson", ".jsonl", ".json", ".ndjson.gz", ".jsonl.gz", ".json.gz"],
        [ImportKinds.Billing] = [".csv", ".csv.gz", ".parquet", ".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".json", ".json.gz"],
    };

    public static IReadOnlyList<string> Kinds { get; } = [ImportKinds.Metrics, ImportKinds.Logs, ImportKinds.Billing];

    /// <summary>The files a set of paths expands to; throws <see cref="FileNotFoundException"/> naming a missing path.</summary>
    public static IReadOnlyList<string> Expand(string kind, IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => Extensions[kind].Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                throw new FileNotFoundException($"{path}: no such file or directory", path);
            }
        }
        return files;
    }

    /// <summary>
    /// Imports the files; billing files form one delivery, committed together as a restatement (<see cref="BillingDelivery"/>).
    /// </summary>
    public async Task<ImportRun> ImportAsync(
        string kind, IReadOnlyList<string> files, FileImportOptions options, Action<ImportSummary>? onFile, CancellationToken cancellationToken)
    {
        if (kind == ImportKinds.Billing)
        {
            var delivery = await services.GetRequiredService<BillingDelivery>().ImportAsync(files, options, onFile, cancellationToken);
            return new ImportRun(delivery.Files, delivery.Commit, delivery.Failure);
        }
        var summaries = new List<ImportSummary>();
        foreach (var file in files)
        {
            var summary = kind switch
            {
                ImportKinds.Metrics => await services.GetRequiredService<OpenMetricsFileSource>().ImportAsync(file, options, cancellationToken),
                ImportKinds.Logs => await services.GetRequiredService<EcsNdjsonFileSource>().ImportAsync(file, options, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown import kind"),
            };
            summaries.Add(summary);
            onFile?.Invoke(summary);
        }
        return new ImportRun(summaries, null, null);
    }
}
