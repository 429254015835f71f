using FsCheck;
using FsCheck.Xunit;
using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Analytics.Tests.Uptime;

namespace Platform.Insights.Analytics.Tests.Productivity;

public sealed class DoraMathProperties : IDisposable
{
    private readonly UptimeStore _store = new();

    public void Dispose() => _store.Dispose();

    // The SQL's list_sort(list(x))[(count(x) - 1) // 2 + 1] against DevLake's own form, in DuckDB, on the same values.
    [Property(MaxTest = 60)]
    public bool The_sql_median_is_devlakes_percent_rank_median(NonEmptyArray<byte> values)
    {
        var list = string.Join(",", values.Get.Select(v => $"({v % 20})"));
        using var connection = _store.Database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            WITH v(x) AS (VALUES {list}),
            ranks AS (SELECT x, percent_rank() OVER (ORDER BY x) AS r FROM v)
            SELECT (SELECT max(x) FROM ranks WHERE r <= 0.5) AS devlake, (SELECT list_sort(list(x))[(count(x) - 1) // 2 + 1] FROM v) AS ours
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        var sorted = values.Get.Select(v => (double)(v % 20)).Order().ToArray();
        return Convert.ToDouble(reader.GetValue(0)) == Convert.ToDouble(reader.GetValue(1))
               && Convert.ToDouble(reader.GetValue(0)) == DoraMath.Median(sorted);
    }

    [Property(MaxTest = 300)]
    public bool The_median_is_a_value_with_at_least_half_at_or_above_and_half_at_or_below(NonEmptyArray<int> values)
    {
        var sorted = values.Get.Select(v => (double)v).Order().ToArray();
        var m = DoraMath.Median(sorted)!.Value;
        return sorted.Contains(m) && sorted.Count(v => v <= m) * 2 >= sorted.Length && sorted.Count(v => v >= m) * 2 > sorted.Length - 1;
    }

    [Property(MaxTest = 300)]
    public bool Slower_recovery_and_lead_time_never_get_a_better_band(NonNegativeInt a, NonNegativeInt b, bool report2021)
    {
        var benchmarks = report2021 ? DoraBenchmarks.Report2021 : DoraBenchmarks.Report2023;
        var (fast, slow) = (Math.Min(a.Get, b.Get) / 60.0, Math.Max(a.Get, b.Get) / 60.0);
        return DoraMath.RecoveryBand(fast) <= DoraMath.RecoveryBand(slow)
               && DoraMath.LeadTimeBand(fast, benchmarks) <= DoraMath.LeadTimeBand(slow, benchmarks);
    }

    [Property(MaxTest = 300)]
    public bool A_higher_failure_rate_never_gets_a_better_band_and_2021_is_never_stricter(byte a, byte b)
    {
        var (low, high) = (Math.Min(a, b) / 255.0, Math.Max(a, b) / 255.0);
        return DoraMath.ChangeFailureRateBand(low, DoraBenchmarks.Report2023) <= DoraMath.ChangeFailureRateBand(high, DoraBenchmarks.Report2023)
               && DoraMath.ChangeFailureRateBand(low, DoraBenchmarks.Report2021) <= DoraMath.ChangeFailureRateBand(high, DoraBenchmarks.Report2021)
               && DoraMath.ChangeFailureRateBand(low, DoraBenchmarks.Report2021) <= DoraMath.ChangeFailureRateBand(low, DoraBenchmarks.Report2023);
    }

    [Property(MaxTest = 300)]
    public bool More_deployment_days_never_get_a_worse_frequency_band(byte week, byte month, byte half, byte extra, bool report2021)
    {
        var benchmarks = report2021 ? DoraBenchmarks.Report2021 : DoraBenchmarks.Report2023;
        var (w, m, h) = (week % 10, month % 40, half % 200);
        var before = DoraMath.DeploymentFrequencyBand(w, m, h, 1, benchmarks);
        var after = DoraMath.DeploymentFrequencyBand(w + (extra % 3), m + (extra % 5), h + extra, 1, benchmarks);
        return after <= before && DoraMath.DeploymentFrequencyBand(w, m, h, 0, benchmarks) is null;
    }

    [Theory]
    [InlineData(7, 0, 0, DoraBand.Elite, DoraBand.Elite)]
    [InlineData(1, 4, 24, DoraBand.High, DoraBand.High)]
    [InlineData(0, 2, 12, DoraBand.Medium, DoraBand.High)]
    [InlineData(0, 0, 3, DoraBand.Low, DoraBand.Medium)]
    [InlineData(0, 0, 0, DoraBand.Low, DoraBand.Low)]
    public void Deployment_frequency_bands_follow_devlakes_days_per_week_month_and_six_months(double week, double month, double half, DoraBand in2023, DoraBand in2021)
    {
        Assert.Equal(in2023, DoraMath.DeploymentFrequencyBand(week, month, half, 5, DoraBenchmarks.Report2023));
        Assert.Equal(in2021, DoraMath.DeploymentFrequencyBand(week, month, half, 5, DoraBenchmarks.Report2021));
    }

    [Theory]
    [InlineData(0.05, DoraBand.Elite, DoraBand.Elite)]
    [InlineData(0.0501, DoraBand.High, DoraBand.Elite)]
    [InlineData(0.15, DoraBand.Medium, DoraBand.Elite)]
    [InlineData(0.2, DoraBand.Low, DoraBand.High)]
    [InlineData(0.3, DoraBand.Low, DoraBand.Medium)]
    [InlineData(0.31, DoraBand.Low, DoraBand.Low)]
    public void Change_failure_rate_bands_include_their_upper_bound(double rate, DoraBand in2023, DoraBand in2021)
    {
        Assert.Equal(in2023, DoraMath.ChangeFailureRateBand(rate, DoraBenchmarks.Report2023));
        Assert.Equal(in2021, DoraMath.ChangeFailureRateBand(rate, DoraBenchmarks.Report2021));
    }

    [Theory]
    [InlineData(0.99, DoraBand.Elite)]
    [InlineData(1, DoraBand.High)]
    [InlineData(24, DoraBand.Medium)]
    [InlineData(168, DoraBand.Low)]
    public void Recovery_bands_put_a_boundary_in_the_slower_band(double hours, DoraBand band) =>
        Assert.Equal(band, DoraMath.RecoveryBand(hours));
}
