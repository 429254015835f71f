using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Parsers;

/// <summary>
/// The checks a well-formed ECS event must still pass before it can count in the delivery KPIs: an
/// <c>event.outcome</c> in ECS's set (success, failure, unknown — any case), <c>event.end</c> not before
/// <c>event.start</c>, and a deployment's <c>service.name</c> in the catalog when one is loaded. A failing event is
/// rejected with its reason (<see cref="DropReasons"/>), never stored, so a replay cannot count it either.
/// </summary>
public sealed class DeliveryEventRules(IReadOnlySet<string>? catalogServices = null)
{
    /// <summary>The reason and message an event is rejected with, or null when it passes.</summary>
    public (string Reason, string Message)? Check(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        if (logEvent.Outcome is { } outcome
            && !(outcome.Equals("success", StringComparison.OrdinalIgnoreCase) || outcome.Equals("failure", StringComparison.OrdinalIgnoreCase)
                 || outcome.Equals("unknown", StringComparison.OrdinalIgnoreCase)))
        {
            return (DropReasons.UnknownOutcome, $"event.outcome '{outcome}' is not success, failure or unknown");
        }
        if (logEvent.EventStart is { } start && logEvent.EventEnd is { } end && end < start)
        {
            return (DropReasons.EndsBeforeStart, $"event.end {end:O} is before event.start {start:O}");
        }
        if (catalogServices is { Count: > 0 } && logEvent.Action == "deployment" && !catalogServices.Contains(logEvent.Service ?? ""))
        {
            return (DropReasons.ServiceNotInCatalog, $"deployment of service '{logEvent.Service}', which is not in the catalog");
        }
        return null;
    }
}
