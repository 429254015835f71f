namespace Platform.Insights.Dashboards.Kpis;

/// <summary>
/// A computed set of KPI gauge values and when it was computed: what a refresh publishes, and what
/// <see cref="KpiSnapshotFile"/> keeps in the data directory so a restarted <c>insights serve</c> exports the last
/// values from its first scrape instead of nothing until its first computation ends.
/// </summary>
public sealed record KpiSnapshot(DateTimeOffset ComputedAt, TimeSpan RefreshDuration, IReadOnlyList<KpiSample> Samples);
