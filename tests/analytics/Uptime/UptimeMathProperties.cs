using FsCheck;
using FsCheck.Xunit;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Tests.Uptime;

public sealed class UptimeMathProperties
{
    private static readonly DateTime T0 = UptimeStore.T0;

    [Property(MaxTest = 300)]
    public bool Budget_remaining_is_one_minus_the_burn_rate_over_the_slo_window(byte badPerMille, byte targetTenths)
    {
        var target = 90m + (Math.Min((int)targetTenths, 99) / 10m);      // 90.0 .. 99.9
        var availability = 1 - (badPerMille / 1000.0);
        var remaining = SloMath.BudgetRemaining(availability, target)!.Value;
        var burn = SloMath.BurnRate(1 - availability, target)!.Value;
        // Meeting the target is decided exactly (in decimal): at the boundary (6.4 % bad against 93.6 %) the double
        // 1 - 0.064 lies just below 0.936 while the budget left is zero within rounding.
        var meetsTarget = 1m - (badPerMille / 1000m) >= target / 100m;
        return Math.Abs(remaining - (1 - burn)) < 1e-9 && meetsTarget == (remaining >= -1e-12);
    }

    [Property(MaxTest = 300)]
    public bool Summed_request_counters_give_an_availability_between_the_parts(PositiveInt totalA, NonNegativeInt errA, PositiveInt totalB, NonNegativeInt errB)
    {
        var a = new SliTotals(0, 0, Math.Min(errA.Get, totalA.Get), totalA.Get, 0, 0, 0, 1);
        var b = new SliTotals(0, 0, Math.Min(errB.Get, totalB.Get), totalB.Get, 0, 0, 0, 1);
        var sum = (a + b).Availability!.Value;
        var (lo, hi) = (Math.Min(a.Availability!.Value, b.Availability!.Value), Math.Max(a.Availability!.Value, b.Availability!.Value));
        var exact = 1 - ((a.ErrorRequests + b.ErrorRequests) / (a.TotalRequests + b.TotalRequests));
        return sum >= lo - 1e-12 && sum <= hi + 1e-12 && Math.Abs(sum - exact) < 1e-12;
    }

    [Property(MaxTest = 300)]
    public bool Probe_availability_is_time_weighted_and_coverage_never_exceeds_one(PositiveInt samplesA, NonNegativeInt upA, PositiveInt samplesB, byte intervalB, PositiveInt expected)
    {
        var interval = 1 + (intervalB % 10);
        var a = new SliTotals(Math.Min(upA.Get, samplesA.Get) * 60.0, samplesA.Get * 60.0, 0, 0, samplesA.Get, expected.Get, 1, 0);
        var b = new SliTotals(samplesB.Get * 60.0 * interval, samplesB.Get * 60.0 * interval, 0, 0, samplesB.Get, expected.Get, 1, 0);
        var sum = a + b;
        var weighted = ((a.Availability!.Value * samplesA.Get) + (1.0 * samplesB.Get * interval)) / (samplesA.Get + (samplesB.Get * interval));
        return Math.Abs(sum.Availability!.Value - weighted) < 1e-9 && sum.Coverage <= 1 && sum.Coverage > 0;
    }

    [Property(MaxTest = 300)]
    public bool Recovery_figures_match_a_direct_computation(byte[] minutes)
    {
        var window = new UptimeWindow("w", T0, T0.AddDays(30));
        var incidents = minutes.Select((m, i) => new Incident($"i{i}", "web", null, T0.AddHours(i), m == 0 ? null : T0.AddHours(i).AddMinutes(m), "probe")).ToList();
        var stats = RecoveryStats.Of(incidents, window, 1, TimeSpan.FromMinutes(5));
        var resolved = minutes.Where(m => m > 0).Select(m => (double)m).Order().ToList();
        if (resolved.Count == 0)
        {
            return stats.MttrMinutes is null && stats.MedianRecoveryMinutes is null && stats.Open == minutes.Length;
        }
        var median = stats.MedianRecoveryMinutes!.Value;
        var below = resolved.Count(m => m < median);
        var above = resolved.Count(m => m > median);
        return Math.Abs(stats.MttrMinutes!.Value - resolved.Average()) < 1e-9
               && below <= resolved.Count / 2 && above <= resolved.Count / 2
               && median >= resolved[0] && median <= resolved[^1]
               && stats.RecoveredWithinTargetShare == (double)resolved.Count(m => m <= 5) / resolved.Count
               && stats.Incidents == minutes.Length && stats.Open == minutes.Length - resolved.Count;
    }
}
