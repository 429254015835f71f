namespace Platform.Insights.Cleanup.Planning;

/// <summary>A finding the policy selected but the plan does not act on, and why (protected, iac_managed, over_cap, waiting_grace, …).</summary>
public sealed record CleanupDecision(string FindingId, string ResourceId, string Decision, string Detail);
