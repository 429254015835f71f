using Platform.Insights.Ingest.Catalog;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Ingest.Parsers;

/// <summary>
/// The checks a well-formed ECS event must still pass before it can count in the delivery KPIs: an
/// <c>event.outcome</c> in ECS's set (success, failure, unknown — any case), <c>event.end</c> not before
/// <c>event.start</c> (for an incident without one, not before <c>@timestamp</c>, where incidents.sql starts it), no <c>@timestamp</c> / <c>event.start</c> / <c>event.end</c> further ahead of this host's clock than
/// the <see cref="ClockSkewLimit"/> allows (when one is given), and a deployment's <c>service.name</c> in the catalog when one is loaded. A failing event is
/// rejected with its reason (<see cref="DropReasons"/>), never stored, so a replay cannot count it either.
/// Every way events arrive — the NDJSON file import, <c>POST /api/v1/logs</c> and the Elasticsearch pull — checks them
/// with rules from <see cref="ForCatalogAsync"/>, so the same event is kept or dropped (for the same reason) whichever way it came.
/// </summary>
public sealed class DeliveryEventRules(IReadOnlySet<string>? catalogServices = null, ClockSkewLimit? clockSkew = null)
{
    /// <summary>The rules against the catalog as loaded now (no catalog check while none is loaded).</summary>
    public static async Task<DeliveryEventRules> ForCatalogAsync(ICatalogDirectory catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new DeliveryEventRules(await catalog.ServiceNamesAsync(cancellationToken));
    }

    /// <summary>The rules against the catalog as loaded now and the clock skew limit.</summary>
    public static async Task<DeliveryEventRules> ForCatalogAsync(ICatalogDirectory catalog, ClockSkewLimit clockSkew, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new DeliveryEventRules(await catalog.ServiceNamesAsync(cancellationToken), clockSkew);
    }

    /// <summary>The reason and message an event is rejected with, or null when it passes.</summary>
    public (string Reason, string Message)? Check(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        if (clockSkew is not null
            && (clockSkew.Check("@timestamp", logEvent.Timestamp) ?? clockSkew.Check("event.start", logEvent.EventStart)
                ?? clockSkew.Check("event.end", logEvent.EventEnd)) is { } future)
        {
            return future;
        }
        if (logEvent.Outcome is { } outcome
            && !(outcome.Equals("success", StringComparison.OrdinalIgnoreCase) || outcome.Equals("failure", StringComparison.OrdinalIgnoreCase)
                 || outcome.Equals("unknown", StringComparison.OrdinalIgnoreCase)))
        {
            return (DropReasons.UnknownOutcome, $"event.outcome '{outcome}' is not success, failure or unknown");
        }
        // An incident without event.start starts at @timestamp (incidents.sql: coalesce(event.start, @timestamp)), so its
        // end is checked against that: stored, it would give a negative time to restore. Other events keep @timestamp as
        // their own time (a deployment's finish may be stamped after its event.end).
        DateTimeOffset? start = logEvent.EventStart ?? (logEvent.Action == "incident" ? logEvent.Timestamp : null);
        if (logEvent.EventEnd is { } end && start is { } begun && end < begun)
        {
            var startField = logEvent.EventStart is null ? "@timestamp (an incident without event.start)" : "event.start";
            return (DropReasons.EndsBeforeStart, $"event.end {end:O} is before {startField} {begun:O}");
        }
        if (catalogServices is { Count: > 0 } && logEvent.Action == "deployment" && !catalogServices.Contains(logEvent.Service ?? ""))
        {
            return (DropReasons.ServiceNotInCatalog, $"deployment of service '{logEvent.Service}', which is not in the catalog");
        }
        return null;
    }
}
