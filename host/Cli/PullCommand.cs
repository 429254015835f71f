using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Host.Runtime;
using Platform.Insights.Ingest;
using Platform.Insights.Ingest.Parsers.PrometheusApi;
using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Host.Cli;

/// <summary>
/// <c>insights pull prometheus</c>: a one-off pull of PromQL queries over <c>/api/v1/query_range</c> through the same
/// <see cref="PrometheusQuerySource"/> the server runs on a schedule. With <c>--from</c> it pulls exactly that window
/// (the checkpoint only ever moves forward); without, each query resumes from its checkpoint or its backfill window.
/// </summary>
public static class PullCommand
{
    public static readonly string[] Columns = ["query", "outcome", "from", "to", "requests", "series", "received", "stored", "duplicates", "dropped", "reread", "checkpoint", "error"];

    public static Command Create()
    {
        var pull = new Command("pull", "Pull from a running system, resuming from checkpoints: prometheus (PromQL over the query API), elasticsearch (ECS documents).");
        pull.Subcommands.Add(Prometheus());
        pull.Subcommands.Add(PullElasticsearchCommand.Create());
        return pull;
    }

    private static Command Prometheus()
    {
        var url = new Option<string?>("--url") { Description = "Prometheus base URL (default Insights:Ingest:Prometheus:Url)." };
        var queries = new Option<string[]>("--query")
        {
            Description = "NAME=EXPR, repeatable; replaces the configured queries (Insights:Ingest:Prometheus:Queries).",
            AllowMultipleArgumentsPerToken = false,
        };
        var from = new Option<string?>("--from") { Description = "Window start: RFC 3339, Unix seconds, or now-DURATION (default: the checkpoint, else the backfill window)." };
        var to = new Option<string?>("--to") { Description = "Window end, inclusive: RFC 3339, Unix seconds, now or now-DURATION (default and latest: now minus Lag)." };
        var step = new Option<string?>("--step") { Description = "Resolution for every query of this run, e.g. 60s, 5m (default: the query's or Insights:Ingest:Prometheus:Step)." };
        var format = GlobalOptions.Format();
        var command = new Command("prometheus", "Pull PromQL queries from Prometheus's /api/v1/query_range into the store, resuming from each query's checkpoint.")
        {
            url, queries, from, to, step, format,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var given = (parse.GetValue(queries) ?? []).Select(ParseQuery).ToList();
            if (parse.GetValue(step) is { } s && (!PromDuration.TryParse(s, out var d) || d <= TimeSpan.Zero))
            {
                throw new UsageException($"--step '{s}' is not a positive duration (e.g. 60s, 5m)");
            }
            if (parse.GetValue(url) is { } u && !PrometheusPullOptions.IsHttpUrl(u))
            {
                throw new UsageException($"--url '{u}' is not an absolute http(s) URL");
            }
            var now = TimeProvider.System.GetUtcNow();
            var window = new PullWindow(Time(parse.GetValue(from), "--from", now), Time(parse.GetValue(to), "--to", now));
            var settings = GlobalOptions.Settings(parse, "pull prometheus");
            var overrides = new Dictionary<string, string?>(settings.Overrides, StringComparer.Ordinal);
            if (parse.GetValue(url) is { } baseUrl)
            {
                overrides[$"{PrometheusPullOptions.Section}:Url"] = baseUrl;
            }
            await using var runtime = await EmbeddedRuntime.StartAsync(settings with { Overrides = overrides }, cancellationToken);
            var source = runtime.Services.GetRequiredService<PrometheusQuerySource>();
            var run = given.Count > 0 ? given : source.Options.Queries;
            if (run.Count == 0)
            {
                throw new UsageException($"no queries: give --query NAME=EXPR or configure {PrometheusPullOptions.Section}:Queries");
            }
            if (!PrometheusPullOptions.IsHttpUrl(source.Options.Url))
            {
                throw new UsageException($"no Prometheus URL: give --url or configure {PrometheusPullOptions.Section}:Url");
            }
            var results = new List<QueryPullResult>();
            foreach (var query in run)
            {
                var effective = parse.GetValue(step) is { } stepText
                    ? new PrometheusQueryOptions { Name = query.Name, Expr = query.Expr, Step = stepText, ServiceLabel = query.ServiceLabel }
                    : query;
                results.Add(await source.PullAsync(effective, window, new LineProgress(), cancellationToken));
            }
            DataPrinter.ForConsole().Print(Columns, results.Select(Row), parse.GetValue(format));
            return results.Any(r => r.Outcome == PullOutcome.Failed) ? ExitCodes.Failure
                : results.Any(r => r.Outcome == PullOutcome.SkippedBadQuery) ? ExitCodes.BadInput
                : ExitCodes.Success;
        }));
        return command;
    }

    private static object?[] Row(QueryPullResult r) =>
    [
        r.Query, r.Outcome.ToString(), r.Requests == 0 && r.StartMs == 0 ? null : Instant(r.StartMs), r.EndMs == 0 ? null : Instant(r.EndMs),
        r.Requests, r.Series, r.Received, r.Stored, r.Duplicates, r.Dropped, r.Reread, r.CheckpointMs is { } c ? Instant(c) : null, r.Error,
    ];

    private static DateTimeOffset Instant(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static PrometheusQueryOptions ParseQuery(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new UsageException($"--query '{text}' is not NAME=EXPR");
        }
        var query = new PrometheusQueryOptions { Name = text[..equals].Trim(), Expr = text[(equals + 1)..].Trim() };
        if (query.Problems().FirstOrDefault() is { } problem)
        {
            throw new UsageException($"--query '{text}': {problem}");
        }
        return query;
    }

    /// <summary>RFC 3339, Unix seconds, <c>now</c> or <c>now-DURATION</c>, as Prometheus's API and UI take times.</summary>
    internal static DateTimeOffset? Time(string? text, string option, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        text = text.Trim();
        if (text == "now")
        {
            return now;
        }
        if (text.StartsWith("now-", StringComparison.Ordinal) && PromDuration.TryParse(text[4..], out var ago))
        {
            return now - ago;
        }
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }
        throw new UsageException($"{option} '{text}' is not a time (RFC 3339, Unix seconds, now or now-6h)");
    }

    /// <summary>One progress line per stored request on stderr (synchronous, so lines come in order).</summary>
    private sealed class LineProgress : IProgress<QueryPullProgress>
    {
        public void Report(QueryPullProgress value) =>
            Console.Error.WriteLine(
                $"pull prometheus: {value.Query} request {value.Request}/{value.Requests}: {value.Received:N0} points, {value.Stored:N0} stored, "
                + $"checkpoint {DateTimeOffset.FromUnixTimeMilliseconds(value.CheckpointMs):yyyy-MM-ddTHH:mm:ssZ}");
    }
}
