using Microsoft.Extensions.Options;
using Platform.Insights.Ingest.Catalog;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Telemetry;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// <c>POST /api/v1/logs</c>: an ECS NDJSON body parsed by the NDJSON import's parser with the import's
/// <see cref="DeliveryEventRules"/> (same event rows, same ids, same drops by reason) and stored through
/// <see cref="EventBatchStore"/>. Bad lines are counted per reason and named with their line number; the good lines of the
/// same body are stored. A resent body stores nothing twice (event ids, or content ids, are the same). Fields are read
/// under the names configured in <c>Insights:Ingest:Fields</c>, as the file import reads them.
/// </summary>
public sealed class LogPushSource(
    EventBatchStore store, IngestMeters meters, ICatalogDirectory catalog, IOptions<LogPushOptions> options, ClockSkewLimit clockSkew, IOptions<IngestOptions> ingest)
{
    private readonly EcsFieldMap fields = new(ingest.Value.Fields);

    private const string SourceLabel = "http_push";
    private const int BatchSize = 20_000;

    public LogPushOptions Options { get; } = options.Value;

    /// <summary>Parses and stores a whole body; <see cref="InputFormatException"/> when it has more lines than allowed.</summary>
    public Task<LogPushResult> PushAsync(TextReader body, string name, CancellationToken cancellationToken) =>
        PushAsync(body, name, team: null, cancellationToken);

    /// <summary>
    /// As <see cref="PushAsync(TextReader, string, CancellationToken)"/>, for a sender bound to <paramref name="team"/>
    /// (a team-bound ingest token): an event whose <c>service.name</c> the loaded catalog does not give that team is
    /// rejected as <see cref="DropReasons.ServiceNotOfTeam"/> — so such a sender cannot write another team's incidents,
    /// deployments or errors, nor invent services — and the others are stored.
    /// </summary>
    public async Task<LogPushResult> PushAsync(TextReader body, string name, string? team, CancellationToken cancellationToken)
    {
        var rules = await DeliveryEventRules.ForCatalogAsync(catalog, clockSkew, cancellationToken);
        IReadOnlySet<string>? owned = team is null ? null : (await catalog.ServicesOfTeamAsync(team, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var parsed = new List<LogEvent>();
        var errors = new List<ParseError>();
        var reasons = new Dictionary<string, long>(StringComparer.Ordinal);
        long lines = 0, rejected = 0;
        foreach (var record in EcsNdjsonParser.Parse(body, name, rules, fields))
        {
            if (++lines > Options.MaxLines)
            {
                throw new InputFormatException(name, lines, $"more than {Options.MaxLines} lines ({LogPushOptions.Section}:MaxLines); nothing was stored");
            }
            var error = record.Error;
            if (error is null && owned is not null && !owned.Contains(record.Value!.Service ?? ""))
            {
                error = new ParseError(name, record.Line, $"service.name '{record.Value!.Service}' is not a service of team '{team}' in the catalog, and this token may write only that team's", DropReasons.ServiceNotOfTeam);
            }
            if (error is not null)
            {
                rejected++;
                reasons[error.Reason] = reasons.GetValueOrDefault(error.Reason) + 1;
                if (errors.Count < Options.MaxReportedErrors)
                {
                    errors.Add(error);
                }
                continue;
            }
            parsed.Add(record.Value!);
        }
        meters.Received(ImportKinds.Logs, SourceLabel, lines);
        meters.Rejected(ImportKinds.Logs, reasons);
        var result = default(IngestResult);
        try
        {
            foreach (var batch in parsed.Chunk(BatchSize))
            {
                result += await store.StoreAsync(batch);
            }
        }
        catch
        {
            meters.Failed(ImportKinds.Logs, SourceLabel);
            throw;
        }
        return new LogPushResult(lines, result.Stored, result.Duplicates, rejected, errors, reasons);
    }
}
