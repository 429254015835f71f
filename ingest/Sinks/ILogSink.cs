using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Sinks;

/// <summary>Where service grains hand accepted log events.</summary>
public interface ILogSink
{
    /// <summary>
    /// Stores the events whose <see cref="LogEvent.EventId"/> is not stored yet and returns how many that was;
    /// the store is the final word on event-id duplicates, so replays after a crash never double-count.
    /// </summary>
    Task<int> AppendAsync(string service, IReadOnlyList<LogEvent> events, CancellationToken cancellationToken);
}
