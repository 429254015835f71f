using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Insights.Demo.Billing;
using Platform.Insights.Demo.Catalog;
using Platform.Insights.Demo.Logs;
using Platform.Insights.Demo.Metrics;
using Platform.Insights.Demo.Model;

namespace Platform.Insights.Demo;

/// <summary>
/// Generates a realistic platform-engineering organisation (teams, services, resources, outages,
/// deployments, spend) and writes it in the formats real sources deliver: Backstage catalog YAML,
/// OpenMetrics text, ECS NDJSON and FOCUS 1.0 CSV, plus <c>demo-manifest.json</c> with the exact counts.
/// </summary>
public static class DemoGenerator
{
    public static readonly JsonSerializerOptions ManifestJsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>
    /// Writes every file under <paramref name="outputDirectory"/> (created if missing) and returns the manifest.
    /// Files a previous run left there under the generator's own names are removed first, so a loader globbing
    /// the directory never mixes two runs; other files are left alone. Output files are independent, so they are written
    /// concurrently; each file's content depends only on the options, never on scheduling. Progress is
    /// therefore reported from worker threads.
    /// </summary>
    public static async Task<DemoManifest> WriteAsync(
        DemoOrganisationOptions options,
        string outputDirectory,
        IProgress<DemoProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        options.Validate();
        Directory.CreateDirectory(outputDirectory);
        RemovePreviousOutput(outputDirectory);
        var model = OrganisationBuilder.Build(options);

        var catalog = Task.Run(() => CatalogWriter.WriteAsync(model, outputDirectory, progress, cancellationToken), cancellationToken);
        var logs = Task.Run(() => LogsWriter.WriteAsync(model, outputDirectory, progress, cancellationToken), cancellationToken);
        var billing = Task.Run(() => BillingWriter.WriteAsync(model, outputDirectory, progress, cancellationToken), cancellationToken);
        var metrics = new List<Task<DemoFile>>
        {
            Task.Run(() => ServiceMetricsWriter.WriteProbesAsync(model, outputDirectory, progress, cancellationToken), cancellationToken),
            Task.Run(() => ServiceMetricsWriter.WriteRequestsAsync(model, outputDirectory, progress, cancellationToken), cancellationToken),
        };
        metrics.AddRange(ResourceMetricsWriter.Families.Select(family =>
            Task.Run(() => ResourceMetricsWriter.WriteAsync(model, family, outputDirectory, progress, cancellationToken), cancellationToken)));

        await Task.WhenAll([catalog, logs, billing, .. metrics]);
        var (logFiles, deployments) = await logs;
        var (billingFiles, billingSummary) = await billing;
        var metricFiles = new List<DemoFile>();
        foreach (var task in metrics)
        {
            metricFiles.Add(await task);
        }

        var files = (await catalog).Concat(metricFiles).Concat(logFiles).Concat(billingFiles)
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        var manifest = BuildManifest(model, files, deployments, billingSummary);
        var manifestPath = Path.Combine(outputDirectory, DemoManifest.FileName);
        await using (var stream = new FileStream(manifestPath, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true))
        {
            await JsonSerializer.SerializeAsync(stream, manifest, ManifestJsonOptions, cancellationToken);
        }
        return manifest;
    }

    /// <summary>Reads a <c>demo-manifest.json</c> written by <see cref="WriteAsync"/>.</summary>
    public static async Task<DemoManifest> ReadManifestAsync(string outputDirectory, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(Path.Combine(outputDirectory, DemoManifest.FileName));
        return await JsonSerializer.DeserializeAsync<DemoManifest>(stream, ManifestJsonOptions, cancellationToken)
            ?? throw new InvalidDataException($"{DemoManifest.FileName} is empty.");
    }

    private static void RemovePreviousOutput(string root)
    {
        (string Folder, string Pattern, SearchOption Depth)[] owned =
        [
            ("catalog", "catalog-info.yaml", SearchOption.AllDirectories),
            ("metrics", "*.om", SearchOption.TopDirectoryOnly),
            ("logs", "events-*.ndjson", SearchOption.TopDirectoryOnly),
            ("billing", "focus-*.csv", SearchOption.TopDirectoryOnly),
        ];
        foreach (var (folder, pattern, depth) in owned)
        {
            var path = Path.Combine(root, folder);
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, pattern, depth))
                {
                    File.Delete(file);
                }
            }
        }
        File.Delete(Path.Combine(root, DemoManifest.FileName));
    }

    private static DemoManifest BuildManifest(OrganisationModel model, List<DemoFile> files, DemoDeploymentSummary deployments, DemoBillingSummary billing)
    {
        var metricFiles = files.Where(f => f.Kind == DemoFileKind.Metrics).ToList();
        return new DemoManifest
        {
            Seed = model.Seed,
            StartDate = model.StartDate,
            EndDate = model.EndDate,
            Days = model.Days,
            Files = files,
            MetricSamples = metricFiles.Sum(f => f.Samples ?? 0),
            MetricSeries = metricFiles.Sum(f => f.Series ?? 0),
            LogEvents = files.Sum(f => f.Events ?? 0),
            Teams = model.Teams.Select(t => new DemoTeam(
                t.Name, t.DisplayName, [.. t.Systems],
                model.Services.Count(s => s.Team == t),
                model.Resources.Count(r => r.Service.Team == t))).ToList(),
            Services = model.Services.Select(s => s.ToInfo()).ToList(),
            Resources = model.Resources.Select(r => r.ToInfo()).ToList(),
            Incidents = model.Incidents.Select(i => i.Info).ToList(),
            CounterResets = model.CounterResets().ToList(),
            Deployments = deployments,
            Billing = billing,
            CostAnomaly = model.Anomaly,
        };
    }
}
