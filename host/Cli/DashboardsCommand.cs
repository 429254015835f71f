using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Insights.Dashboards;
using Platform.Insights.Dashboards.Generation;
using Platform.Insights.Dashboards.Provisioning;
using Platform.Insights.Dashboards.Publishing;
using Platform.Insights.Host.Runtime;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// <c>insights dashboards generate|publish</c>: the Grafana dashboards as files for provisioning, or saved into a Grafana
/// through its HTTP API. Neither needs the data directory: the dashboards query Prometheus, not the store.
/// </summary>
public static class DashboardsCommand
{
    public static readonly string[] GenerateColumns = ["file", "kind", "title", "panels", "bytes"];
    public static readonly string[] PublishColumns = ["kind", "uid", "title", "outcome", "version", "url", "error"];

    public static Command Create()
    {
        var dashboards = new Command("dashboards", "Grafana dashboards as code: generate (files and provisioning), publish (HTTP API), backfill (KPI history for Prometheus).");
        dashboards.Subcommands.Add(Generate());
        dashboards.Subcommands.Add(Publish());
        dashboards.Subcommands.Add(DashboardsBackfillCommand.Create());
        return dashboards;
    }

    private static Option<string?> Folder() => new("--folder") { Description = "Grafana folder (default Insights:Dashboards:Folder, 'Insights')." };

    private static Option<string?> Currency() => new("--currency") { Description = "Currency of the money panels, an ISO 4217 code (default Insights:Dashboards:Currency, USD)." };

    private static Command Generate()
    {
        var output = new Option<string>("--out") { Description = "Directory to write dashboards/*.json and provisioning/{dashboards,datasources}/insights.yaml into.", Required = true };
        var prometheus = new Option<string>("--prometheus-url")
        {
            Description = "URL of the Prometheus that scrapes insights serve, for the data source file.",
            DefaultValueFactory = _ => "http://localhost:9090",
        };
        var path = new Option<string?>("--dashboards-path") { Description = "The dashboards directory as Grafana sees it (default: OUT/dashboards, absolute)." };
        var folder = Folder();
        var currency = Currency();
        var format = GlobalOptions.Format();
        var command = new Command("generate", "Write the Insights dashboards (Grafana JSON) and Grafana provisioning files for them and for Prometheus.")
        {
            output, prometheus, path, folder, currency, format,
        };
        command.SetAction((parse, _) => CommandRunner.RunAsync(() =>
        {
            var options = Options(parse.GetValue(folder), parse.GetValue(currency), null);
            if (!DashboardsOptions.IsHttpUrl(parse.GetValue(prometheus)!))
            {
                throw new UsageException($"--prometheus-url '{parse.GetValue(prometheus)}' is not an absolute http(s) URL");
            }
            var outDir = Path.GetFullPath(parse.GetValue(output)!);
            var settings = new ProvisioningSettings(parse.GetValue(path) ?? Path.Combine(outDir, GrafanaProvisioning.DashboardsDirectory),
                parse.GetValue(prometheus)!, options.Folder);
            var files = GrafanaProvisioning.Write(outDir, InsightsDashboards.All(new DashboardSettings(options.Currency)), settings);
            DataPrinter.ForConsole().Print(GenerateColumns, files.Select(f => new object?[] { f.Path, f.Kind, f.Title, f.Panels, f.Bytes }), parse.GetValue(format));
            Console.Error.WriteLine($"dashboards generate: wrote {files.Count} files to {outDir}");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static Command Publish()
    {
        var grafana = new Option<string?>("--grafana") { Description = "Grafana base URL, e.g. http://localhost:3000 (default Insights:Dashboards:GrafanaUrl)." };
        var tokenFile = new Option<string>("--token-file")
        {
            Description = "File holding a Grafana service account token (Editor role); the token is never printed or logged.",
            Required = true,
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Compare with Grafana and report what would change; save nothing." };
        var folder = Folder();
        var currency = Currency();
        var format = GlobalOptions.Format();
        var command = new Command("publish", "Save the Insights dashboards into a Grafana folder by uid (HTTP API), reporting each as created, updated or unchanged.")
        {
            grafana, tokenFile, dryRun, folder, currency, format,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            if (parse.GetValue(grafana) is { } url && !DashboardsOptions.IsHttpUrl(url))
            {
                throw new UsageException($"--grafana '{url}' is not an absolute http(s) URL");
            }
            var (options, configuration) = OptionsAndConfiguration(parse.GetValue(folder), parse.GetValue(currency), parse.GetValue(grafana));
            if (string.IsNullOrEmpty(options.GrafanaUrl))
            {
                throw new UsageException($"no Grafana URL: give --grafana or configure {DashboardsOptions.Section}:GrafanaUrl");
            }
            var token = (await File.ReadAllTextAsync(parse.GetValue(tokenFile)!, cancellationToken)).Trim();
            if (token.Length == 0 || token.Contains('\n', StringComparison.Ordinal))
            {
                throw new UsageException($"--token-file {parse.GetValue(tokenFile)} must hold one token on one line");
            }
            using var logging = LoggerFactory.Create(b => b.AddConfiguration(configuration.GetSection("Logging"))
                .AddSimpleConsole(o => o.SingleLine = true)
                .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
            var logger = logging.CreateLogger("Platform.Insights.Dashboards.Publishing");
            using var client = new GrafanaClient(new Uri(options.GrafanaUrl), token, GrafanaResilience.Of(options, new Ingest.Resilience.Upstreams(Prometheus.Metrics.NewCustomRegistry(), TimeProvider.System, logging)));
            var report = await new GrafanaPublisher(client, logger)
                .PublishAsync(InsightsDashboards.All(new DashboardSettings(options.Currency)), options.Folder, parse.GetValue(dryRun), cancellationToken);
            var rows = new List<object?[]> { new object?[] { "folder", report.FolderUid, report.FolderTitle, Outcome(report.FolderOutcome), null, null, null } };
            rows.AddRange(report.Dashboards.Select(d => new object?[] { "dashboard", d.Uid, d.Title, Outcome(d.Outcome), d.Version, d.Url, d.Error }));
            DataPrinter.ForConsole().Print(PublishColumns, rows, parse.GetValue(format));
            var counts = report.Dashboards.GroupBy(d => d.Outcome).Select(g => $"{g.Count()} {Outcome(g.Key)}");
            Console.Error.WriteLine($"dashboards publish: {client.BaseUrl}, folder '{report.FolderTitle}': {string.Join(", ", counts)}");
            return report.Failed ? ExitCodes.Failure : ExitCodes.Success;
        }));
        return command;
    }

    public static string Outcome(PublishOutcome outcome) => outcome switch
    {
        PublishOutcome.WouldCreate => "would create",
        PublishOutcome.WouldUpdate => "would update",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    private static DashboardsOptions Options(string? folder, string? currency, string? grafana) => OptionsAndConfiguration(folder, currency, grafana).Options;

    /// <summary>The dashboards settings from configuration with the verb's options on top, validated (a bad value names its key).</summary>
    private static (DashboardsOptions Options, IConfiguration Configuration) OptionsAndConfiguration(string? folder, string? currency, string? grafana)
    {
        if (currency is not null && !DashboardsOptions.IsCurrencyCode(currency))
        {
            throw new UsageException($"--currency '{currency}' is not a three-letter ISO 4217 code such as USD");
        }
        if (folder is not null && string.IsNullOrWhiteSpace(folder))
        {
            throw new UsageException("--folder must not be empty");
        }
        var overrides = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (folder is not null)
        {
            overrides[$"{DashboardsOptions.Section}:Folder"] = folder;
        }
        if (currency is not null)
        {
            overrides[$"{DashboardsOptions.Section}:Currency"] = currency;
        }
        if (grafana is not null)
        {
            overrides[$"{DashboardsOptions.Section}:GrafanaUrl"] = grafana;
        }
        var builder = new ConfigurationBuilder();
        InsightsConfiguration.Apply(builder, overrides);
        var configuration = builder.Build();
        using var provider = new ServiceCollection().AddDashboards(configuration).BuildServiceProvider();
        return (provider.GetRequiredService<IOptions<DashboardsOptions>>().Value, configuration);
    }
}
