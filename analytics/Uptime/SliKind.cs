namespace Platform.Insights.Analytics.Uptime;

/// <summary>How a service's availability is measured.</summary>
public enum SliKind
{
    /// <summary>A probe gauge (<c>probe_success</c>, <c>up</c>): the mean of its samples.</summary>
    Probe,

    /// <summary>Request counters: 1 − increase(5xx) / increase(all).</summary>
    Requests,
}
