using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Productivity;

/// <summary>DORA rows over one window, as of <see cref="AsOf"/> (earlier than now when the stored events end earlier).</summary>
public sealed record DoraReport(DateTime AsOf, bool DataEndsEarlier, UptimeWindow Window, DoraBenchmarks Benchmarks, IReadOnlyList<DoraRow> Rows);
