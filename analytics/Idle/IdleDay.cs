using System.Text.Json.Serialization;

namespace Platform.Insights.Analytics.Idle;

/// <summary>
/// One day of a resource's hourly rollup (<c>idle_resources.sql</c>), counted back from "as of" (<see cref="DaysAgo"/> 0 =
/// the last 24 hours). Null members: the resource has no metric of that kind that day. <see cref="Coverage"/> is any
/// metric's; the <c>*Coverage</c> members are each statistic's own (samples present / expected, 0..1).
/// </summary>
internal sealed record IdleDay(
    [property: JsonPropertyName("days_ago")] int DaysAgo,
    [property: JsonPropertyName("coverage")] double Coverage,
    [property: JsonPropertyName("cpu_avg")] double? CpuAvg = null,
    [property: JsonPropertyName("cpu_max")] double? CpuMax = null,
    [property: JsonPropertyName("cores_avg")] double? CoresAvg = null,
    [property: JsonPropertyName("cores_max")] double? CoresMax = null,
    [property: JsonPropertyName("network_bytes")] double? NetworkBytes = null,
    [property: JsonPropertyName("attached_max")] double? AttachedMax = null,
    [property: JsonPropertyName("connections_max")] double? ConnectionsMax = null,
    [property: JsonPropertyName("requests")] double? Requests = null,
    [property: JsonPropertyName("healthy_max")] double? HealthyMax = null,
    [property: JsonPropertyName("cpu_coverage")] double CpuCoverage = 0,
    [property: JsonPropertyName("network_coverage")] double NetworkCoverage = 0,
    [property: JsonPropertyName("attached_coverage")] double AttachedCoverage = 0,
    [property: JsonPropertyName("connections_coverage")] double ConnectionsCoverage = 0,
    [property: JsonPropertyName("load_balancer_coverage")] double LoadBalancerCoverage = 0);
