using System.Text.Encodings.Web;
using System.Text.Json;
using Platform.Insights.Ingest.Catalog;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Parsers;
using Platform.Insights.Ingest.Parsers.Webhooks;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Telemetry;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// Turns a webhook's finished deployment (<see cref="DeploymentNotice"/>) into the ECS deployment event the log imports
/// store — <c>event.action: deployment</c>, <c>event.outcome</c>, <c>service.name</c> / <c>environment</c> /
/// <c>version</c>, <c>@timestamp</c> = finished, <c>event.start</c>, <c>labels.commit_sha</c>, <c>labels.first_commit_at</c>
/// and <c>labels.first_commit_source</c> when the payload has a first commit (<see cref="FirstCommit"/>) — by writing the ECS document
/// and reading it with the NDJSON import's parser, then storing it through <see cref="EventBatchStore"/>. The event id is
/// the notice's stable id, so a redelivered webhook is a duplicate, never a second deployment. The event passes the same
/// <see cref="DeliveryEventRules"/> as a pushed or imported one (a deployment of a service the loaded catalog lacks is
/// rejected as <c>service_not_in_catalog</c>), so a deployment counts the same whichever way it arrived.
/// </summary>
public sealed class DeploymentWebhookSource(EventBatchStore store, IServiceAnnotations catalog, ICatalogDirectory directory, IngestMeters meters, ClockSkewLimit clockSkew)
{
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Task<WebhookResult> AcceptAsync(WebhookParse parse, CancellationToken cancellationToken) =>
        AcceptAsync(parse, team: null, cancellationToken);

    /// <summary>
    /// As <see cref="AcceptAsync(WebhookParse, CancellationToken)"/>, for a sender bound to <paramref name="team"/> (a
    /// team-bound ingest token): a deployment of a service the catalog does not give that team is rejected as
    /// <see cref="DropReasons.ServiceNotOfTeam"/>.
    /// </summary>
    public async Task<WebhookResult> AcceptAsync(WebhookParse parse, string? team, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.Notice is not { } notice)
        {
            if (!parse.Ignored)
            {
                meters.Rejected(ImportKinds.Logs, 1);
            }
            return new WebhookResult(parse.Ignored ? WebhookOutcome.Ignored : WebhookOutcome.Invalid, parse.Error!);
        }
        var source = $"webhook_{notice.Provider}";
        meters.Received(ImportKinds.Logs, source, 1);
        var service = await catalog.ServiceAnnotatedAsync(notice.CatalogAnnotation, notice.CatalogKey, cancellationToken) ?? notice.Name;
        var document = Document(notice, service);
        var rules = await DeliveryEventRules.ForCatalogAsync(directory, cancellationToken);
        var parsed = EcsNdjsonParser.Parse(new StringReader(document), source, rules).Single();
        if (parsed.Error is { } error)
        {
            meters.Rejected(ImportKinds.Logs, new Dictionary<string, long>(StringComparer.Ordinal) { [error.Reason] = 1 });
            return new WebhookResult(WebhookOutcome.Invalid, $"{error.Reason}: {error.Message}");
        }
        if (team is not null && await directory.TeamOfAsync(service, cancellationToken) != team)
        {
            meters.Rejected(ImportKinds.Logs, new Dictionary<string, long>(StringComparer.Ordinal) { [DropReasons.ServiceNotOfTeam] = 1 });
            return new WebhookResult(WebhookOutcome.Invalid, $"{DropReasons.ServiceNotOfTeam}: service '{service}' is not a service of team '{team}' in the catalog, and this token may write only that team's");
        }
        // A finish time from a skewed clock would make the deployment count as the latest one (and in DORA) too early.
        if ((clockSkew.Check("finished_at", notice.FinishedAt) ?? clockSkew.Check("started_at", notice.StartedAt)) is { } future)
        {
            meters.Rejected(ImportKinds.Logs, new Dictionary<string, long> { [future.Reason] = 1 });
            return new WebhookResult(WebhookOutcome.Invalid, future.Message);
        }
        try
        {
            var result = await store.StoreAsync([parsed.Value!]);
            var outcome = result.Stored > 0 ? WebhookOutcome.Stored : WebhookOutcome.Duplicate;
            var message = outcome == WebhookOutcome.Stored
                ? $"{notice.Outcome} deployment of {service} to {notice.Environment} stored"
                : $"already stored (event {parsed.Value!.EventId}): a redelivery";
            return new WebhookResult(outcome, message, parsed.Value!.EventId, service, notice.Outcome);
        }
        catch
        {
            meters.Failed(ImportKinds.Logs, source);
            throw;
        }
    }

    /// <summary>The ECS document of a finished deployment, one line.</summary>
    internal static string Document(DeploymentNotice notice, string service)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Relaxed))
        {
            json.WriteStartObject();
            json.WriteString("@timestamp", notice.FinishedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteStartObject("event");
            json.WriteString("id", notice.EventId);
            json.WriteString("action", "deployment");
            json.WriteString("outcome", notice.Outcome);
            json.WriteString("provider", notice.Provider);
            if (notice.StartedAt is { } started)
            {
                json.WriteString("start", started.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            }
            json.WriteEndObject();
            json.WriteStartObject("service");
            json.WriteString("name", service);
            if (notice.Environment is { } environment)
            {
                json.WriteString("environment", environment);
            }
            if (notice.Version is { } version)
            {
                json.WriteString("version", version);
            }
            json.WriteEndObject();
            json.WriteStartObject("labels");
            if (notice.CommitSha is { } sha)
            {
                json.WriteString("commit_sha", sha);
            }
            if (notice.FirstCommit is { } first)
            {
                json.WriteString("first_commit_at", first.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteString("first_commit_source", first.Source);
            }
            foreach (var (key, value) in notice.Labels.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }
            json.WriteEndObject();
            if (notice.Url is { } url)
            {
                json.WriteStartObject("url");
                json.WriteString("full", url);
                json.WriteEndObject();
            }
            json.WriteString("message", $"{notice.Provider} deployment of {service} {notice.Outcome}");
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
