namespace Platform.Insights.Analytics.Idle;

/// <summary>
/// Everything the rules need about one resource, threshold-free (<c>idle_resources.sql</c>): its days, its window
/// statistics over hourly values ("short" = the Kubernetes / load-balancer window, "long" = the VM / database window),
/// Kubernetes requests, and its FOCUS billing.
/// </summary>
internal sealed record IdleResourceStats(
    string ResourceId,
    string? Service,
    string? Team,
    string? Environment,
    string? ResourceType,
    DateTime FirstHour,
    DateTime LastHour,
    IReadOnlyList<IdleDay> Days,
    IReadOnlyDictionary<string, string> Tags,
    IdleBillingEvidence? Billing,
    double? ShortCpuCoresP95 = null,
    double? ShortCpuRatioP95 = null,
    double? ShortTrafficMean = null,
    double? ShortTrafficP99 = null,
    double? ShortMemoryBytesMax = null,
    double? ShortMemoryRatioMax = null,
    double? LongCpuRatioP95 = null,
    double? LongMemoryRatioMax = null,
    double? CpuRequestCores = null,
    double? MemoryRequestBytes = null,
    bool OomKilled = false)
{
    /// <summary>The windows the SQL computed this resource's window statistics over (null: not from the SQL, e.g. a unit test).</summary>
    public IdleWindows? Windows { get; init; }
}
