using Platform.Insights.Cleanup.Execution;

namespace Platform.Insights.Cleanup.Policies;

/// <summary>One rung of a policy's action ladder: the action and how long after the previous rung it may run.</summary>
public sealed record CleanupLadderStep(CleanupAction Action, TimeSpan Grace);
