namespace Platform.Insights.Demo;

/// <summary>
/// One written file and what a loader must find in it. <see cref="Path"/> is relative to the output
/// directory with '/' separators. <see cref="Lines"/> counts every physical line (headers, comments, # EOF).
/// Only the counts of the file's kind are set.
/// </summary>
/// <param name="Entities">Catalog: YAML documents (Group, System, Component).</param>
/// <param name="Samples">Metrics: sample lines.</param>
/// <param name="Series">Metrics: distinct label sets.</param>
/// <param name="Events">Logs: NDJSON events.</param>
/// <param name="EventsByAction">Logs: events by <c>event.action</c>; ordinary error/warn logs have no action and count as "log".</param>
/// <param name="Rows">Billing: data rows (header excluded).</param>
public sealed record DemoFile(
    string Path,
    DemoFileKind Kind,
    long Lines,
    long Bytes,
    int? Entities = null,
    long? Samples = null,
    int? Series = null,
    long? Events = null,
    IReadOnlyDictionary<string, long>? EventsByAction = null,
    long? Rows = null,
    decimal? BilledCost = null,
    decimal? EffectiveCost = null);
