namespace Platform.Insights.Host.Server;

/// <summary>Body of <c>POST /api/v1/cleanup/plans/{id}/approve</c>: the plan hash the approver saw.</summary>
public sealed record ApproveRequest(string? Hash);
