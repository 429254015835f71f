namespace Platform.Insights.Analytics.Idle;

/// <summary>
/// One measured statistic of a finding's evidence and the threshold it was compared with, so an approver can
/// recompute the decision (e.g. <c>cpu_p95_of_daily_max</c> 0.021 &lt; 0.03 → passed).
/// </summary>
/// <param name="Name">Statistic name, e.g. <c>cpu_p95_of_daily_max</c>, <c>network_quiet_days</c>.</param>
/// <param name="Value">Measured value; null when the data needed was missing.</param>
/// <param name="Comparison">How it is compared: <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;=</c>, <c>&gt;</c>, <c>=</c>.</param>
/// <param name="Threshold">The rule's threshold.</param>
/// <param name="Unit">ratio, bytes_per_day, bytes_per_second, cores, days, count, …</param>
/// <param name="Passed">Whether the value satisfies the idle condition.</param>
public sealed record IdleStatistic(string Name, double? Value, string Comparison, double Threshold, string Unit, bool Passed);
