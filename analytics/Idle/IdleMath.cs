namespace Platform.Insights.Analytics.Idle;

/// <summary>The arithmetic of the idle rules, kept apart so it can be property-tested against its definitions.</summary>
internal static class IdleMath
{
    /// <summary>Average month (365.25 / 12 days): monthly savings are a day rate times this.</summary>
    public const decimal DaysPerMonth = 30.4375m;

    /// <summary>
    /// Continuous quantile with linear interpolation between the two nearest ranks — DuckDB's <c>quantile_cont</c> and
    /// PromQL's <c>quantile_over_time</c> — so a P95 recomputed from the evidence matches. Null for no values.
    /// </summary>
    public static double? Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }

    /// <summary>Days in a row, from the newest back, that satisfy <paramref name="condition"/>; a day without data ends the run.</summary>
    public static int TrailingRun(IReadOnlyList<IdleDay> days, Func<IdleDay, bool> condition, int lookbackDays)
    {
        var byAge = days.Where(d => d.DaysAgo >= 0 && d.DaysAgo < lookbackDays).ToDictionary(d => d.DaysAgo);
        var run = 0;
        while (run < lookbackDays && byAge.TryGetValue(run, out var day) && condition(day))
        {
            run++;
        }
        return run;
    }

    /// <summary>Share of expected samples present over the last <paramref name="windowDays"/> days (days without data count 0).</summary>
    public static double Coverage(IReadOnlyList<IdleDay> days, int windowDays, Func<IdleDay, double>? of = null) =>
        Math.Min(1.0, days.Where(d => d.DaysAgo >= 0 && d.DaysAgo < windowDays).Sum(d => Math.Clamp((of ?? (x => x.Coverage))(d), 0, 1)) / windowDays);

    /// <summary>Monthly cost from billed rows: the day rate over the rows' charge span times an average month.</summary>
    public static decimal Monthly(IdleBillingEvidence billing)
    {
        var days = (decimal)Math.Max(1.0, (billing.ChargePeriodEnd - billing.ChargePeriodStart).TotalDays);
        return decimal.Round(billing.EffectiveCost / days * DaysPerMonth, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// Kubernetes rightsizing (the rule, as VPA's target): CPU request = P95 usage / target utilisation, memory
    /// request = maximum usage / target, and memory never below the current request after an OOM kill.
    /// </summary>
    public static (double? Cpu, double? Memory) RecommendedRequests(double? cpuP95Cores, double? memoryMaxBytes, double? memoryRequestBytes, bool oomKilled, double target)
    {
        double? cpu = cpuP95Cores is { } c ? c / target : null;
        double? memory = memoryMaxBytes is { } m ? m / target : null;
        if (oomKilled && memory is { } rec && memoryRequestBytes is { } req && rec < req)
        {
            memory = req;
        }
        return (cpu, memory);
    }
}
