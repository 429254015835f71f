using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Sources;

/// <summary>
/// The one store path of pushed events (HTTP log push, webhooks): split by <c>service.name</c> (no service →
/// <c>_unmapped</c>) and one <see cref="IServiceGrain.IngestLogsAsync"/> call per service, in parallel — as the NDJSON
/// import stores its batches, so the same event id at the same timestamp is stored once whichever way it came.
/// Not cancelled by the caller once started: a half-stored batch is what makes a client's retry look partial.
/// </summary>
public sealed class EventBatchStore(IGrainFactory grains, ServiceRouting routing)
{
    public async Task<IngestResult> StoreAsync(IReadOnlyList<LogEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return default;
        }
        var calls = routing.Split(events, ServiceRouting.ServiceOf)
            .Select(pair => grains.GetGrain<IServiceGrain>(pair.Key).IngestLogsAsync([.. pair.Value], CancellationToken.None));
        return (await Task.WhenAll(calls)).Aggregate(default(IngestResult), IngestResult.Add);
    }
}
