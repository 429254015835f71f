namespace Platform.Insights.Analytics.Uptime;

/// <summary>
/// The uptime KPIs as they stood at each of many past points (for the dashboards' history backfill), without one
/// query per point: <see cref="ServiceSliQuery"/> sums every service over consecutive <c>step</c> buckets in one pass,
/// and each point's rolling windows are differences of running totals of those buckets. SLI sums add up exactly
/// across buckets (probe seconds, counter increases per sample, expected samples), so a point's figures equal what
/// <see cref="UptimeKpiQuery"/> computes for that window ending there. Burn-rate windows shorter than the step are
/// left out (null). Incidents are found once over the whole range and cut at each point: one still running then is
/// open.
/// </summary>
public sealed class UptimeKpiHistory(ServiceSliQuery sli, IncidentQuery incidents, UptimeKpiQuery kpis)
{
    /// <param name="from">The first point (exclusive of nothing: points are from, from + step, … ≤ to).</param>
    /// <param name="windows">Rolling windows (<c>1d</c>, <c>7d</c>, <c>28d</c>, <c>30d</c>), each a whole number of steps.</param>
    public async Task<IReadOnlyList<UptimeHistoryPoint>> ComputeAsync(
        DateTime from, DateTime to, TimeSpan step, IReadOnlyList<string> windows, IReadOnlyList<UptimeScope> scopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(scopes);
        if (step <= TimeSpan.Zero || to < from)
        {
            throw new ArgumentException("history needs a positive step and from ≤ to");
        }
        var lengths = windows.ToDictionary(w => w, w => UptimeWindow.Ending(w, to).Length, StringComparer.Ordinal);
        var burns = UptimeWindow.BurnWindows.Where(b => b.Length >= step && b.Length.Ticks % step.Ticks == 0).ToList();
        var reach = lengths.Values.Concat(burns.Select(b => b.Length)).Max();
        if (lengths.Values.Concat(burns.Select(b => b.Length)).Any(l => l.Ticks % step.Ticks != 0))
        {
            throw new ArgumentException($"every window must be a whole number of steps ({step})");
        }

        var start = from - reach;
        var count = (int)((to - start).Ticks / step.Ticks);
        var buckets = Enumerable.Range(0, count).Select(i => new UptimeWindow(i.ToString(System.Globalization.CultureInfo.InvariantCulture), start + (step * i), start + (step * (i + 1)))).ToList();
        var sums = await sli.ForAsync(buckets, null, null, cancellationToken);
        var found = await incidents.StartedInAsync(start, to, null, null, cancellationToken);

        // Running totals per service: prefix[i] = the sum of buckets 0 .. i-1.
        var services = sums.GroupBy(s => s.Service, StringComparer.Ordinal).Select(g =>
        {
            var first = g.First();
            var prefix = new double[count + 1][];
            prefix[0] = new double[6];
            var byBucket = g.ToDictionary(s => int.Parse(s.Window, System.Globalization.CultureInfo.InvariantCulture), s => s.Totals);
            for (var i = 0; i < count; i++)
            {
                var t = byBucket.GetValueOrDefault(i);
                var p = prefix[i];
                prefix[i + 1] = [p[0] + t.ProbeGoodSeconds, p[1] + t.ProbeObservedSeconds, p[2] + t.ErrorRequests, p[3] + t.TotalRequests, p[4] + t.SamplesPresent, p[5] + t.SamplesExpected];
            }
            return (first.Service, first.Team, first.SloTarget, first.Sli, Prefix: prefix);
        }).ToList();

        var points = new List<UptimeHistoryPoint>();
        for (var asOf = from; asOf <= to; asOf += step)
        {
            var end = (int)((asOf - start).Ticks / step.Ticks);
            ServiceSli Sum((string Service, string? Team, decimal SloTarget, SliKind? Sli, double[][] Prefix) s, string name, TimeSpan length)
            {
                var begin = end - (int)(length.Ticks / step.Ticks);
                var (a, b) = (s.Prefix[begin], s.Prefix[end]);
                return new ServiceSli(s.Service, s.Team, s.SloTarget, s.Sli, name, new SliTotals(
                    b[0] - a[0], b[1] - a[1], b[2] - a[2], b[3] - a[3], b[4] - a[4], b[5] - a[5],
                    s.Sli == SliKind.Probe ? 1 : 0, s.Sli == SliKind.Requests ? 1 : 0));
            }
            var burnSums = services.SelectMany(s => burns.Select(b => Sum(s, b.Name, b.Length))).ToList();
            foreach (var window in windows)
            {
                var report = new UptimeWindow(window, asOf - lengths[window], asOf);
                var windowSums = services.Select(s => Sum(s, UptimeKpiQuery.MainWindow, lengths[window])).Concat(burnSums).ToList();
                var windowIncidents = found.Where(i => i.Start >= report.From && i.Start < asOf)
                    .Select(i => i.End is { } e && e > asOf ? i with { End = null } : i).ToList();
                foreach (var scope in scopes)
                {
                    points.Add(new UptimeHistoryPoint(asOf, window, kpis.Rows(scope, report, windowSums, windowIncidents)));
                }
            }
        }
        return points;
    }
}
