using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Host.Runtime;
using Platform.Insights.Ingest;
using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// <c>insights pull elasticsearch</c>: a one-off pull of ECS documents through the same <see cref="ElasticsearchSource"/>
/// the server runs on a schedule. Without <c>--from</c>/<c>--to</c> each source resumes from its checkpoint (or its
/// backfill window) and moves it; with them exactly that window is read and the checkpoint is left alone (documents
/// already stored are dropped as duplicates). Credentials and the CA come from configuration (never the command line).
/// </summary>
public static class PullElasticsearchCommand
{
    public static readonly string[] Columns =
        ["source", "outcome", "from", "to", "pages", "received", "stored", "duplicates", "invalid", "shardFailures", "pitReopened", "checkpoint", "error"];

    private const int ErrorsShown = 10;

    public static Command Create()
    {
        var url = new Option<string?>("--url") { Description = $"Elasticsearch URL (default {ElasticsearchPullOptions.Section}:Url)." };
        var index = new Option<string[]>("--index")
        {
            Description = $"NAME=PATTERN[,PATTERN…], repeatable; replaces the configured sources ({ElasticsearchPullOptions.Section}:Sources), ECS field names.",
            AllowMultipleArgumentsPerToken = false,
        };
        var only = new Option<string?>("--source") { Description = "Pull only this configured source." };
        var from = new Option<string?>("--from") { Description = "Window start: RFC 3339, Unix seconds, or now-DURATION (default: the checkpoint, else the backfill window)." };
        var to = new Option<string?>("--to") { Description = "Window end, exclusive: RFC 3339, Unix seconds, now or now-DURATION (default: now minus Lag)." };
        var format = GlobalOptions.Format();
        var command = new Command("elasticsearch", "Pull ECS documents from Elasticsearch (point in time + search_after) into the store, resuming from each source's checkpoint.")
        {
            url, index, only, from, to, format,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var given = (parse.GetValue(index) ?? []).Select(ParseIndex).ToList();
            if (parse.GetValue(url) is { } u && !PrometheusPullOptions.IsHttpUrl(u))
            {
                throw new UsageException($"--url '{u}' is not an absolute http(s) URL");
            }
            var now = TimeProvider.System.GetUtcNow();
            var fromTime = PullCommand.Time(parse.GetValue(from), "--from", now);
            var toTime = PullCommand.Time(parse.GetValue(to), "--to", now);
            var window = fromTime is null && toTime is null ? null : new PullWindow(fromTime, toTime);
            var settings = GlobalOptions.Settings(parse, "pull elasticsearch");
            var overrides = new Dictionary<string, string?>(settings.Overrides, StringComparer.Ordinal);
            if (parse.GetValue(url) is { } baseUrl)
            {
                overrides[$"{ElasticsearchPullOptions.Section}:Url"] = baseUrl;
            }
            await using var runtime = await EmbeddedRuntime.StartAsync(settings with { Overrides = overrides }, cancellationToken);
            var source = runtime.Services.GetRequiredService<ElasticsearchSource>();
            var run = given.Count > 0 ? given : source.Options.Sources;
            if (parse.GetValue(only) is { } name)
            {
                run = [.. run.Where(s => s.Name == name)];
                if (run.Count == 0)
                {
                    throw new UsageException($"no source named '{name}' (configured: {string.Join(", ", source.Options.Sources.Select(s => s.Name))})");
                }
            }
            if (run.Count == 0)
            {
                throw new UsageException($"no sources: give --index NAME=PATTERN or configure {ElasticsearchPullOptions.Section}:Sources");
            }
            if (source.Options.NodeUrls.Count == 0)
            {
                throw new UsageException($"no Elasticsearch URL: give --url or configure {ElasticsearchPullOptions.Section}:Url");
            }
            var results = new List<ElasticsearchPullResult>();
            foreach (var pulled in run)
            {
                var result = await source.PullAsync(pulled, window, new LineProgress(), cancellationToken);
                results.Add(result);
                foreach (var error in result.Errors.Take(ErrorsShown))
                {
                    await Console.Error.WriteLineAsync($"pull elasticsearch: {error}");
                }
                if (result.RejectedByReason is { Count: > 0 } reasons)
                {
                    await Console.Error.WriteLineAsync($"pull elasticsearch: {result.Source}: rejected per reason: {ImportReport.Reasons(reasons)}");
                }
            }
            DataPrinter.ForConsole().Print(Columns, results.Select(Row), parse.GetValue(format));
            return results.Any(r => r.Outcome == PullOutcome.Failed) ? ExitCodes.Failure : ExitCodes.Success;
        }));
        return command;
    }

    private static object?[] Row(ElasticsearchPullResult r) =>
    [
        r.Source, r.Outcome.ToString(), r.From, r.To, r.Pages, r.Received, r.Stored, r.Duplicates, r.Invalid, r.ShardFailures, r.PointInTimeReopened, r.Checkpoint, r.Error,
    ];

    private static ElasticsearchSourceOptions ParseIndex(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new UsageException($"--index '{text}' is not NAME=PATTERN[,PATTERN…]");
        }
        var source = new ElasticsearchSourceOptions
        {
            Name = text[..equals].Trim(),
            IndexPatterns = [.. text[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        };
        if (source.Problems("--index").FirstOrDefault() is { } problem)
        {
            throw new UsageException($"--index '{text}': {problem}");
        }
        return source;
    }

    /// <summary>One progress line per stored page on stderr.</summary>
    private sealed class LineProgress : IProgress<ElasticsearchPullResult>
    {
        public void Report(ElasticsearchPullResult value) =>
            Console.Error.WriteLine($"pull elasticsearch: {value.Source} page {value.Pages}: {value.Received:N0} documents, {value.Stored:N0} stored, {value.Duplicates:N0} duplicates");
    }
}
