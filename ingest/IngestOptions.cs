using System.ComponentModel.DataAnnotations;
using Platform.Insights.Ingest.Parsers;

namespace Platform.Insights.Ingest;

/// <summary>Ingest settings (section <c>Insights:Ingest</c>).</summary>
public sealed class IngestOptions : IValidatableObject
{
    public const string Section = "Insights:Ingest";

    public static readonly IReadOnlyList<string> DefaultServiceLabels = ["service", "app", "job"];

    /// <summary>
    /// Label names that name a series' service, tried in order. Null = <see cref="DefaultServiceLabels"/>: the
    /// configuration binder appends to an array it finds filled, so the default lives outside the property.
    /// </summary>
    public string[]? ServiceLabels { get; set; }

    /// <summary>
    /// How far ahead of this host's clock a timestamp may be (an event's <c>@timestamp</c>, <c>event.start</c> /
    /// <c>event.end</c>, a sample in a metrics file, a billing row's <c>ChargePeriodStart</c>, a webhook's finish time).
    /// Anything later is a skewed or broken clock: rejected as <c>too_far_in_future</c> and counted, never stored
    /// (a later "now" would make it look current). Remote write has its own <c>RemoteWrite:MaxFutureSkew</c>.
    /// </summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Where ECS NDJSON files (<c>insights import logs</c>) and <c>POST /api/v1/logs</c> bodies keep the ECS fields
    /// (<c>Insights:Ingest:Fields</c>, the same keys as an Elasticsearch source's <c>Fields</c>; ECS names by default), so a
    /// shipper's field names map the same way whichever path the events take. Webhooks are not affected: their events
    /// are written with ECS names.
    /// </summary>
    public EcsFieldNames Fields { get; set; } = new();

    /// <summary>The labels in effect: the configured ones, else the defaults.</summary>
    public IReadOnlyList<string> Labels => ServiceLabels ?? DefaultServiceLabels;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Fields.Problems($"{Section}:Fields").Select(p => new ValidationResult(p, [nameof(Fields)]));
}
