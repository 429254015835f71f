namespace Platform.Insights.Analytics.Query;

/// <summary>How long a computed API answer is served as current, how long a read waits for its recompute, and its age bound.</summary>
/// <param name="FreshFor">Served without recomputing while no store write committed since and younger than this.</param>
/// <param name="Wait">How long a read waits for a recompute before it is answered from the last snapshot instead.</param>
/// <param name="MaxAge">A snapshot older than this is never served: the read waits for the recompute.</param>
/// <param name="Capacity">Questions remembered at most (the least recently computed is forgotten first).</param>
public sealed record AnswerSnapshotOptions(TimeSpan FreshFor, TimeSpan Wait, TimeSpan MaxAge, int Capacity);
