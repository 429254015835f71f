namespace Platform.Insights.Analytics.Query;

/// <summary>How long a computed API answer is served as current, how long a read waits for its recompute, and its age bounds.</summary>
/// <param name="FreshFor">Served without recomputing while no store write committed since and younger than this.</param>
/// <param name="Wait">How long a read waits for a recompute before it is answered from the last snapshot instead.</param>
/// <param name="MaxAge">A snapshot older than this is never served: the read waits for the recompute.</param>
/// <param name="Capacity">Questions remembered at most (the least recently computed is forgotten first).</param>
/// <param name="ServeStaleFor">
/// A snapshot younger than this that is no longer current is served at once, marked stale, while its recompute runs in the
/// background (HTTP's stale-while-revalidate); older ones wait up to <paramref name="Wait"/>. Zero: every such read waits.
/// </param>
public sealed record AnswerSnapshotOptions(TimeSpan FreshFor, TimeSpan Wait, TimeSpan MaxAge, int Capacity, TimeSpan ServeStaleFor = default);
