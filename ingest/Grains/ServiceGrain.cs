using Microsoft.Extensions.Logging;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Sinks;
using Platform.Insights.Ingest.Telemetry;

namespace Platform.Insights.Ingest.Grains;

/// <summary>
/// Owns one service's live state and drops what it has already seen: a sample at or before its series'
/// last timestamp (Prometheus's own out-of-order rule), an event whose id was stored before.
/// Accepted samples go to the store writer in groups (<c>ServiceGrain.GroupCommit.cs</c>: concurrent remote write
/// calls share one append) and move the state's watermarks once committed; state is saved by a housekeeping timer and
/// on deactivation, and watermarks are reconciled with the store on activation, so a crash between a store commit and
/// a state write can never let a replay double-count.
/// </summary>
public sealed partial class ServiceGrain : Grain, IServiceGrain
{
    private static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(5);
    private readonly IPersistentState<ServiceState> _state;
    private readonly IMetricSink _metrics;
    private readonly ILogSink _logs;
    private readonly IngestMeters _meters;
    private readonly ILogger<ServiceGrain> _logger;
    /// <summary>
    /// How many recent event ids each grain remembers for its replay fast path (a resent batch). Kept small: every active
    /// service grain holds this many, and at 16,384 (~1.1 MiB each, on the large-object heap) a 50-service log import's
    /// managed heap grew by ~55 MiB with the file until ~800k lines (BENCHMARKS.md §16d). At 2,048 a grain's set and queue
    /// stay under the large-object threshold; a replay older than that still reaches the store, the final word on duplicates.
    /// </summary>
    internal const int RecentEventIdCapacity = 2_048;

    private readonly RecentEventIds _recentIds = new(RecentEventIdCapacity);
    private bool _dirty;

    public ServiceGrain(
        [PersistentState("service")] IPersistentState<ServiceState> state,
        IMetricSink metrics,
        ILogSink logs,
        IngestMeters meters,
        ILogger<ServiceGrain> logger)
    {
        _state = state;
        _metrics = metrics;
        _logs = logs;
        _meters = meters;
        _logger = logger;
    }

    private string? _service;

    /// <summary>The grain's key, decoded once (each <c>GetPrimaryKeyString</c> decodes the grain id's bytes into a new string).</summary>
    private string Service => _service ??= this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stored = await _metrics.LoadWatermarksAsync(Service, cancellationToken);
        var watermarks = _state.State.Watermarks;
        foreach (var (series, last) in stored)
        {
            if (!watermarks.TryGetValue(series, out var known) || known < last)
            {
                watermarks[series] = last;
                _dirty = true;
            }
        }
        this.RegisterGrainTimer(SaveIfDirtyAsync, new GrainTimerCreationOptions(SaveInterval, SaveInterval) { Interleave = false });
        await base.OnActivateAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await SaveIfDirtyAsync(cancellationToken);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task<IngestResult> IngestMetricsAsync(MetricSample[] samples, CancellationToken cancellationToken = default) =>
        IngestGroupedAsync(group =>
        {
            var accepted = new List<MetricSample>(samples.Length);
            foreach (var sample in samples)
            {
                ref var last = ref WatermarkSlot(group, sample.SeriesId, out var known, out _);
                if (known && sample.TimestampMs <= last)
                {
                    continue;
                }
                last = sample.TimestampMs;
                accepted.Add(sample);
            }
            var runs = Runs(accepted);
            var probe = default(LiveProbe);
            foreach (var run in runs)
            {
                probe.Track(run);
            }
            return new GroupPart(samples.Length, runs, accepted.Count, probe);
        }, cancellationToken);

    /// <summary>Accepted rows as columns, one per run of samples of one series (how the store writer appends rows, too).</summary>
    private static List<SeriesSamples> Runs(List<MetricSample> rows)
    {
        var runs = new List<SeriesSamples>();
        var start = 0;
        while (start < rows.Count)
        {
            var first = rows[start];
            var end = start + 1;
            while (end < rows.Count && rows[end].SeriesId == first.SeriesId)
            {
                end++;
            }
            var timestamps = new long[end - start];
            var values = new double[end - start];
            for (var i = start; i < end; i++)
            {
                timestamps[i - start] = rows[i].TimestampMs;
                values[i - start] = rows[i].Value;
            }
            runs.Add(new SeriesSamples(first.Metric, first.Labels, first.SeriesId, timestamps, values));
            start = end;
        }
        return runs;
    }

    private IngestResult Counted(int received, int stored)
    {
        var state = _state.State;
        var duplicates = received - stored;
        state.SamplesStored += stored;
        state.DuplicatesDropped += duplicates;
        _dirty = true;
        _meters.Samples(stored, duplicates);
        LogBatch(_logger, Service, "metrics", received, stored, duplicates);
        return new IngestResult(received, stored, duplicates);
    }

    public Task<IngestResult> IngestSeriesAsync(SeriesSamples[] series, CancellationToken cancellationToken = default) =>
        IngestGroupedAsync(group =>
        {
            var accepted = new List<SeriesSamples>(series.Length);
            var received = 0;
            var stored = 0;
            var probe = default(LiveProbe);
            foreach (var one in series)
            {
                received += one.Count;
                ref var last = ref WatermarkSlot(group, one.SeriesId, out var known, out var added);
                if (SeriesWatermarkFilter.Accept(one, known, last, out var moved) is { } kept)
                {
                    last = moved;
                    accepted.Add(kept);
                    stored += kept.Count;
                    probe.Track(kept);
                }
                else if (added && !known)
                {
                    DropWatermark(group, one.SeriesId);
                }
            }
            return new GroupPart(received, accepted, stored, probe);
        }, cancellationToken);

    public async Task<IngestResult> IngestLogsAsync(LogEvent[] events, CancellationToken cancellationToken = default)
    {
        var fresh = new List<LogEvent>(events.Length);
        foreach (var logEvent in events)
        {
            if (_recentIds.Add(logEvent.EventId))
            {
                fresh.Add(logEvent);
            }
        }

        var stored = 0;
        if (fresh.Count > 0)
        {
            IReadOnlyList<LogEvent> storedEvents;
            try
            {
                storedEvents = await _logs.AppendAsync(Service, fresh, cancellationToken);
            }
            catch
            {
                foreach (var logEvent in fresh)
                {
                    _recentIds.Remove(logEvent.EventId);
                }
                throw;
            }
            // Only what the store took moves state: a replayed event it already had must not (e.g. reopen an incident).
            stored = storedEvents.Count;
            TrackEvents(_state.State, storedEvents);
        }

        var duplicates = events.Length - stored;
        _state.State.EventsStored += stored;
        _state.State.DuplicatesDropped += duplicates;
        _dirty = true;
        _meters.Events(stored, duplicates);
        LogBatch(_logger, Service, "logs", events.Length, stored, duplicates);
        return new IngestResult(events.Length, stored, duplicates);
    }

    public Task<ServiceStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var state = _state.State;
        return Task.FromResult(new ServiceStatus
        {
            Service = Service,
            Up = state.Up,
            LastProbeAt = FromMs(state.LastProbeMs),
            LastSampleAt = FromMs(state.LastSampleMs),
            OpenIncident = state.OpenIncident,
            LastDeployment = state.LastDeployment,
            SeriesCount = state.Watermarks.Count,
            SamplesStored = state.SamplesStored,
            EventsStored = state.EventsStored,
            DuplicatesDropped = state.DuplicatesDropped,
            LastEventAt = state.LastEventAt,
            SamplesPending = _samplesPending,
        });
    }

    public Task FlushAsync(CancellationToken cancellationToken = default) => SaveIfDirtyAsync(cancellationToken);

    private async Task SaveIfDirtyAsync(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }
        // Cleared first: a group that commits while the state is being written marks it again for the next save.
        _dirty = false;
        try
        {
            await _state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            _dirty = true;
            throw;
        }
    }

    private static void TrackEvents(ServiceState state, IReadOnlyList<LogEvent> events)
    {
        foreach (var logEvent in events)
        {
            if (state.LastEventAt is not { } lastEvent || logEvent.Timestamp > lastEvent)
            {
                state.LastEventAt = logEvent.Timestamp;
            }
            switch (logEvent.Action)
            {
                case "deployment" when state.LastDeployment is null || logEvent.Timestamp >= state.LastDeployment.At:
                    state.LastDeployment = new DeploymentSummary(logEvent.Timestamp, logEvent.Environment, logEvent.ServiceVersion, logEvent.Outcome);
                    break;
                case "incident":
                    TrackIncident(state, logEvent);
                    break;
            }
        }
    }

    private static void TrackIncident(ServiceState state, LogEvent incident)
    {
        var id = IncidentId(incident);
        if (incident.EventEnd is null)
        {
            var since = incident.EventStart ?? incident.Timestamp;
            if (state.OpenIncident is null || since >= state.OpenIncident.Since)
            {
                state.OpenIncident = new OpenIncident(id, since);
            }
        }
        else if (state.OpenIncident is { } open && open.IncidentId == id)
        {
            state.OpenIncident = null;
        }
    }

    private static string IncidentId(LogEvent incident)
    {
        if (incident.LabelsJson is { } labels)
        {
            using var document = System.Text.Json.JsonDocument.Parse(labels);
            if (document.RootElement.TryGetProperty("incident_id", out var value))
            {
                return value.ToString();
            }
        }
        return incident.EventId;
    }

    private static DateTimeOffset? FromMs(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Service {Service} {Kind} batch: {Received} received, {Stored} stored, {Duplicates} duplicates")]
    private static partial void LogBatch(ILogger logger, string service, string kind, int received, int stored, int duplicates);
}
