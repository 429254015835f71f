using Platform.Insights.Ingest.Records;

namespace Platform.Insights.Ingest.Sinks;

/// <summary>Where service grains hand accepted log events.</summary>
public interface ILogSink
{
    /// <summary>
    /// Stores the events whose <see cref="LogEvent.EventId"/> is not stored yet and returns those (in input order);
    /// the store is the final word on event-id duplicates, so replays after a crash never double-count
    /// nor move state (an old incident start must not reopen a closed incident).
    /// </summary>
    Task<IReadOnlyList<LogEvent>> AppendAsync(string service, IReadOnlyList<LogEvent> events, CancellationToken cancellationToken);
}
