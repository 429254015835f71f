namespace Platform.Insights.Analytics.Uptime;

/// <summary>
/// The sums one window's availability is computed from, for a service or added up over a team or the org:
/// probe SLIs as time (each sample stands for its series' scrape interval, so availability is the mean of the
/// samples and a team's is the time-weighted mean), request SLIs as counter increases (good / total summed, so
/// a busy service weighs by its traffic, never an average of ratios). Missing samples are not downtime; they lower
/// <see cref="Coverage"/> = samples present / samples expected at each series' interval.
/// </summary>
public readonly record struct SliTotals(
    double ProbeGoodSeconds,
    double ProbeObservedSeconds,
    double ErrorRequests,
    double TotalRequests,
    double SamplesPresent,
    double SamplesExpected,
    int ProbeServices,
    int RequestServices)
{
    public static SliTotals operator +(SliTotals a, SliTotals b) => new(
        a.ProbeGoodSeconds + b.ProbeGoodSeconds, a.ProbeObservedSeconds + b.ProbeObservedSeconds,
        a.ErrorRequests + b.ErrorRequests, a.TotalRequests + b.TotalRequests,
        a.SamplesPresent + b.SamplesPresent, a.SamplesExpected + b.SamplesExpected,
        a.ProbeServices + b.ProbeServices, a.RequestServices + b.RequestServices);

    public static SliTotals Add(SliTotals a, SliTotals b) => a + b;

    /// <summary>Mean probe success over the observed time; null when nothing was observed.</summary>
    public double? ProbeAvailability => ProbeObservedSeconds > 0 ? Math.Clamp(ProbeGoodSeconds / ProbeObservedSeconds, 0, 1) : null;

    /// <summary>1 − errors / requests; null without traffic.</summary>
    public double? RequestAvailability => TotalRequests > 0 ? Math.Clamp(1 - (ErrorRequests / TotalRequests), 0, 1) : null;

    /// <summary>
    /// The availability: the one SLI present, or — a team mixing probe and request services — the two aggregate
    /// availabilities weighted by how many services measure each (their units, seconds and requests, do not add).
    /// </summary>
    public double? Availability => (ProbeAvailability, RequestAvailability) switch
    {
        ({ } p, { } r) => ((p * ProbeServices) + (r * RequestServices)) / Math.Max(1, ProbeServices + RequestServices),
        ({ } p, null) => p,
        (null, { } r) => r,
        _ => null,
    };

    /// <summary>The share of unavailability (1 − availability): the error ratio burn rates divide by the budget.</summary>
    public double? ErrorRatio => Availability is { } a ? 1 - a : null;

    /// <summary>Samples present / expected, at most 1; null when no sample was expected.</summary>
    public double? Coverage => SamplesExpected > 0 ? Math.Min(1, SamplesPresent / SamplesExpected) : null;
}
