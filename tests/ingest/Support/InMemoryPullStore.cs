using System.Collections.Concurrent;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Ingest.Tests.Support;

/// <summary>
/// The pull's store without a silo: checkpoints in a dictionary, samples kept with per-series watermarks as the service
/// grains do (a sample at or before its series' last timestamp is a duplicate). Signals every checkpoint saved.
/// </summary>
public sealed class InMemoryPullStore : IPullStore
{
    private readonly ConcurrentDictionary<string, QueryCheckpoint> _checkpoints = new();
    private readonly Dictionary<ulong, long> _watermarks = [];
    private readonly List<(string Service, MetricSample Sample)> _samples = [];
    private readonly SemaphoreSlim _saved = new(0);

    public List<int> ServicesPerCall { get; } = [];

    public IReadOnlyList<(string Service, MetricSample Sample)> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    public QueryCheckpoint? Checkpoint(string query) => _checkpoints.GetValueOrDefault(query);

    public Task<QueryCheckpoint?> LoadCheckpointAsync(string query, CancellationToken cancellationToken) =>
        Task.FromResult(_checkpoints.GetValueOrDefault(query));

    public Task SaveCheckpointAsync(string query, QueryCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        _checkpoints[query] = checkpoint;
        _saved.Release();
        return Task.CompletedTask;
    }

    public Task<IngestResult> StoreAsync(IReadOnlyDictionary<string, List<MetricSample>> byService, CancellationToken cancellationToken)
    {
        long received = 0, stored = 0;
        lock (_samples)
        {
            ServicesPerCall.Add(byService.Count);
            foreach (var (service, samples) in byService)
            {
                foreach (var sample in samples)
                {
                    received++;
                    if (_watermarks.TryGetValue(sample.SeriesId, out var last) && sample.TimestampMs <= last)
                    {
                        continue;
                    }
                    _watermarks[sample.SeriesId] = sample.TimestampMs;
                    _samples.Add((service, sample));
                    stored++;
                }
            }
        }
        return Task.FromResult(new IngestResult(received, stored, received - stored));
    }

    /// <summary>Waits (bounded by real time, as a safety net only) until the query's checkpoint reaches <paramref name="lastMs"/>.</summary>
    public async Task WaitForCheckpointAsync(string query, long lastMs)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Checkpoint(query)?.LastEvaluatedMs != lastMs)
        {
            await _saved.WaitAsync(timeout.Token);
        }
    }
}
