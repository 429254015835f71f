namespace Platform.Insights.Host.Server;

/// <summary>
/// Body of <c>POST /api/v1/reports</c>: what <c>insights report weekly|monthly|team</c> takes — the kind, the period
/// (default the last complete one), the team (team reports) and the formats (default <c>Insights:Reports:Formats</c>).
/// </summary>
public sealed record GenerateReportRequest(string? Kind, string? Period, string? Team, string? Formats);
