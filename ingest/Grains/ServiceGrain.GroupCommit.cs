using System.Runtime.InteropServices;
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
/// <item>Watermarks moved by groups not committed yet are kept apart, in the group's own <see cref="SampleGroup.Watermarks"/>
/// (at most two groups exist: the one being stored and the one collecting), and the state's watermarks move only when their
/// group commits: the state a timer saves never claims a sample the store does not hold, and a failed group leaves nothing
/// to undo in it. A sample is judged against the collecting group's watermark, else the storing group's, else the state's
/// (one to three lookups and one write per series, where a separate pending map cost seven: BENCHMARKS.md §37).</item>
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
    private SampleGroup? _collecting;
    /// <summary>The group handed to the store and not committed yet: its watermarks win over the state's.</summary>
    private SampleGroup? _inFlight;
    /// <summary>A committed group's emptied watermark map, reused by the next group (no map grown from empty per group).</summary>
    private Dictionary<ulong, long>? _spareWatermarks;
    private bool _storing;
    private Task? _restoring;
    /// <summary>Samples accepted into groups that have not committed yet (<see cref="ServiceStatus.SamplesPending"/>).</summary>
    private long _samplesPending;

    /// <summary>Accepts samples into the collecting group with <paramref name="accept"/> and waits until that group commits.</summary>
    private async Task<IngestResult> IngestGroupedAsync(Func<SampleGroup, GroupPart> accept, CancellationToken cancellationToken)
    {
        // A completed restore is not waited on again: the store loop clears it only after its own continuation runs.
        while (_restoring is { IsCompleted: false } restoring)
        {
            await restoring;
        }
        var group = _collecting ?? new SampleGroup(TakeSpareWatermarks());
        var part = accept(group);
        if (part.Series.Count == 0 && !_storing)
        {
            // Nothing to store and nothing stored ahead of it: answered now, as a batch of duplicates always was.
            if (group != _collecting)
            {
                // The slots it looked up hold copies of known watermarks: emptied, so the next group starts from nothing.
                group.Watermarks.Clear();
                _spareWatermarks = group.Watermarks;
            }
            return Counted(part.Received, 0);
        }
        _collecting = group;
        var committed = group.Add(part);
        _samplesPending += part.Stored;
        if (!_storing)
        {
            _storing = true;
            _ = StoreGroupsAsync();
        }
        return await committed.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The watermark slot of <paramref name="seriesId"/> in <paramref name="group"/> (added when missing), and whether the
    /// series has a watermark at all: the collecting group's, else the group in flight's, else the state's (then copied
    /// into the slot). The caller writes the slot when it moves the watermark, and <see cref="DropWatermark"/>s a slot it
    /// added for a series that has none and accepted nothing.
    /// </summary>
    private ref long WatermarkSlot(SampleGroup group, ulong seriesId, out bool known, out bool added)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(group.Watermarks, seriesId, out var exists);
        added = !exists;
        known = exists
            || (_inFlight is { } inFlight && inFlight.Watermarks.TryGetValue(seriesId, out slot))
            || _state.State.Watermarks.TryGetValue(seriesId, out slot);
        return ref slot;
    }

    private static void DropWatermark(SampleGroup group, ulong seriesId) => group.Watermarks.Remove(seriesId);

    private Dictionary<ulong, long> TakeSpareWatermarks()
    {
        var spare = _spareWatermarks ?? [];
        _spareWatermarks = null;
        return spare;
    }

    /// <summary>Stores the collecting group, then the one that collected meanwhile, until none is left. Never throws.</summary>
    private async Task StoreGroupsAsync()
    {
        while (_collecting is { } group)
        {
            _collecting = null;
            _inFlight = group;
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
                _inFlight = null;
                _restoring = RestoreWatermarksAsync();
                _samplesPending -= group.Samples + (behind?.Samples ?? 0);
                group.Fail(failure);
                behind?.Fail(failure);
                await _restoring;
                _restoring = null;
                continue;
            }
            _samplesPending -= group.Samples;
            _inFlight = null;
            Committed(group);
        }
        _storing = false;
    }

    private void Committed(SampleGroup group)
    {
        var state = _state.State;
        var watermarks = state.Watermarks;
        foreach (var (seriesId, last) in group.Watermarks)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(watermarks, seriesId, out _) = last;
        }
        group.Watermarks.Clear();
        _spareWatermarks = group.Watermarks;
        foreach (var part in group.Parts)
        {
            part.Probe.ApplyTo(state);
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
    private sealed class SampleGroup(Dictionary<ulong, long> watermarks)
    {
        public List<SeriesSamples> Series { get; } = [];

        /// <summary>The watermarks this group's samples move its series to (the state takes them when it commits).</summary>
        public Dictionary<ulong, long> Watermarks { get; } = watermarks;

        public List<GroupPart> Parts { get; } = [];

        public long Samples { get; private set; }

        public Task<IngestResult> Add(GroupPart part)
        {
            Parts.Add(part);
            Series.AddRange(part.Series);
            Samples += part.Stored;
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

    /// <summary>
    /// One call's share of a group: samples received, the accepted series and how many samples they hold, and what they
    /// say about the service's liveness (applied to the state when the group commits). Counted while accepting, so
    /// nothing walks the series again before the store writer.
    /// </summary>
    private sealed class GroupPart(int received, List<SeriesSamples> series, int stored, LiveProbe probe)
    {
        public int Received { get; } = received;

        public List<SeriesSamples> Series { get; } = series;

        public int Stored { get; } = stored;

        public LiveProbe Probe { get; } = probe;

        public TaskCompletionSource<IngestResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
