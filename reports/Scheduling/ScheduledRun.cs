namespace Platform.Insights.Reports.Scheduling;

/// <summary>A period a schedule generated: its name (<c>2026-W47</c>) and its start (UTC).</summary>
public sealed record ScheduledRun(string Period, DateTime PeriodFrom);
