using Microsoft.Extensions.Logging;
using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Grains;

/// <summary>
/// Group commit of the service grain's samples. Remote write calls interleave (<see cref="IServiceGrain.IngestSeriesAsync"/>
/// is <c>[AlwaysInterleave]</c>): while one group of accepted samples is being stored, the calls that arrive meanwhile
/// are accepted into the next group, which is handed to the store as one append once the first has committed — so a
/// busy receiver's many small requests become few larger store transactions instead of one per request per grain
/// (BENCHMARKS.md §20). Every call still answers only once its own group has committed.
/// <list type="bullet">
/// <item>Watermarks moved by groups not committed yet are kept apart (<see cref="_pending"/>), and the state's
/// watermarks move only when their group commits: the state a timer saves never claims a sample the store does not hold,
/// and a failed group leaves nothing to undo in it.</item>
/// <item>When a group fails, the group collecting behind it fails too (its samples were judged against the failed
/// group's watermarks) and both callers get the store's error, which senders retry; new calls wait until the
/// watermarks have been reloaded from the store, exactly as a failed append did before grouping.</item>
/// <item>A call whose samples were all already seen still waits for the groups ahead of it when any are in flight: its
/// "duplicate" verdict may rest on them.</item>
/// </list>
/// Everything here runs on the grain's own scheduler, one step at a time, so it needs no locks.
/// </summary>
public sealed partial class ServiceGrain
{
    /// <summary>Watermarks of series accepted into a group that has not committed yet (they win over the state's).</summary>
    private readonly Dictionary<ulong, long> _pending = [];
    private SampleGroup? _collecting;
    private bool _storing;
    private Task? _restoring;
    /// <summary>Samples accepted into groups that have not committed yet (<see cref="ServiceStatus.SamplesPending"/>).</summary>
    private long _samplesPending;

    /// <summary>Accepts samples into the collecting group with <paramref name="accept"/> and waits until that group commits.</summary>
    private async Task<IngestResult> IngestGroupedAsync(Func<SampleGroup, (int Received, List<SeriesSamples> Accepted)> accept, CancellationToken cancellationToken)
    {
        // A completed restore is not waited on again: the store loop clears it only after its own continuation runs.
        while (_restoring is { IsCompleted: false } restoring)
        {
            await restoring;
        }
        var group = _collecting ?? new SampleGroup();
        var (received, accepted) = accept(group);
        if (accepted.Count == 0 && !_storing)
        {
            // Nothing to store and nothing stored ahead of it: answered now, as a batch of duplicates always was.
            return Counted(received, 0);
        }
        _collecting = group;
        var committed = group.Add(received, accepted);
        _samplesPending += group.Parts[^1].Stored;
        if (!_storing)
        {
            _storing = true;
            _ = StoreGroupsAsync();
        }
        return await committed.WaitAsync(cancellationToken);
    }

    /// <summary>The watermark a sample of <paramref name="seriesId"/> must be later than: an uncommitted group's, else the state's.</summary>
    private bool TryGetWatermark(ulong seriesId, out long last) =>
        _pending.TryGetValue(seriesId, out last) || _state.State.Watermarks.TryGetValue(seriesId, out last);

    private void MoveWatermark(SampleGroup group, ulong seriesId, long last)
    {
        _pending[seriesId] = last;
        group.Watermarks[seriesId] = last;
    }

    /// <summary>Stores the collecting group, then the one that collected meanwhile, until none is left. Never throws.</summary>
    private async Task StoreGroupsAsync()
    {
        while (_collecting is { } group)
        {
            _collecting = null;
            try
            {
                if (group.Series.Count > 0)
                {
                    // Not any one caller's token: the group is every caller's, and a half-cancelled group is a failed one.
                    await _metrics.AppendAsync(Service, group.Series, CancellationToken.None);
                }
            }
            catch (Exception failure)
            {
                var behind = _collecting;
                _collecting = null;
                _pending.Clear();
                _restoring = RestoreWatermarksAsync();
                _samplesPending -= group.Samples + (behind?.Samples ?? 0);
                group.Fail(failure);
                behind?.Fail(failure);
                await _restoring;
                _restoring = null;
                continue;
            }
            _samplesPending -= group.Samples;
            Committed(group);
        }
        _storing = false;
    }

    private void Committed(SampleGroup group)
    {
        var state = _state.State;
        foreach (var (seriesId, last) in group.Watermarks)
        {
            state.Watermarks[seriesId] = last;
            if (_pending.TryGetValue(seriesId, out var pending) && pending == last)
            {
                _pending.Remove(seriesId);
            }
        }
        foreach (var part in group.Parts)
        {
            LiveProbe.Track(state, part.Accepted);
            part.Done.TrySetResult(Counted(part.Received, part.Stored));
        }
    }

    /// <summary>
    /// After a failed append nothing of the group was stored, unless DuckDB invalidated the database after the commit
    /// reached its log: the store's own last timestamps are the truth either way. If even they cannot be read, the grain
    /// deactivates, so its next activation starts from the store (<see cref="OnActivateAsync"/>).
    /// </summary>
    private async Task RestoreWatermarksAsync()
    {
        try
        {
            var restored = await _metrics.LoadWatermarksAsync(Service, CancellationToken.None);
            _state.State.Watermarks = new Dictionary<ulong, long>(restored);
        }
        catch (Exception e)
        {
            LogRestoreFailed(_logger, e, Service);
            DeactivateOnIdle();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service {Service} could not reload its watermarks from the store after a failed write; it deactivates and reloads them on its next activation")]
    private static partial void LogRestoreFailed(ILogger logger, Exception failure, string service);

    /// <summary>Samples accepted from one or more calls, stored in one append.</summary>
    private sealed class SampleGroup
    {
        public List<SeriesSamples> Series { get; } = [];

        public Dictionary<ulong, long> Watermarks { get; } = [];

        public List<GroupPart> Parts { get; } = [];

        public long Samples => Parts.Sum(p => (long)p.Stored);

        public Task<IngestResult> Add(int received, List<SeriesSamples> accepted)
        {
            var part = new GroupPart(received, accepted);
            Parts.Add(part);
            Series.AddRange(accepted);
            return part.Done.Task;
        }

        public void Fail(Exception failure)
        {
            foreach (var part in Parts)
            {
                part.Done.TrySetException(failure);
            }
        }
    }

    /// <summary>One call's share of a group.</summary>
    private sealed record GroupPart(int Received, List<SeriesSamples> Accepted)
    {
        public int Stored { get; } = Accepted.Sum(s => s.Count);

        public TaskCompletionSource<IngestResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
