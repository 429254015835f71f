using System.Collections.Concurrent;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Ingest.Tests.Support;

/// <summary>
/// The Elasticsearch pull's store without a silo: checkpoints in a dictionary, events kept once per (event id,
/// timestamp) as the store keeps them (a second copy is a duplicate). Can be told to fail the next store calls.
/// </summary>
public sealed class InMemoryEventPullStore : IEventPullStore
{
    private readonly ConcurrentDictionary<string, ElasticsearchCheckpoint> _checkpoints = new();
    private readonly HashSet<(string, DateTimeOffset)> _keys = [];
    private readonly List<(string Service, LogEvent Event)> _events = [];

    public int FailNextStores { get; set; }

    public IReadOnlyList<(string Service, LogEvent Event)> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public ElasticsearchCheckpoint? Checkpoint(string source) => _checkpoints.GetValueOrDefault(source);

    public Task<ElasticsearchCheckpoint?> LoadCheckpointAsync(string source, CancellationToken cancellationToken) =>
        Task.FromResult(_checkpoints.GetValueOrDefault(source));

    public Task SaveCheckpointAsync(string source, ElasticsearchCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        _checkpoints[source] = checkpoint;
        return Task.CompletedTask;
    }

    public Task<IngestResult> StoreAsync(IReadOnlyDictionary<string, List<LogEvent>> byService, CancellationToken cancellationToken)
    {
        if (FailNextStores > 0)
        {
            FailNextStores--;
            throw new InvalidOperationException("store unavailable");
        }
        long received = 0, stored = 0;
        lock (_events)
        {
            foreach (var (service, events) in byService)
            {
                foreach (var logEvent in events)
                {
                    received++;
                    if (_keys.Add((logEvent.EventId, logEvent.Timestamp)))
                    {
                        _events.Add((service, logEvent));
                        stored++;
                    }
                }
            }
        }
        return Task.FromResult(new IngestResult(received, stored, received - stored));
    }
}
