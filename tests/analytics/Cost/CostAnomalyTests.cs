using FsCheck.Xunit;
using Platform.Insights.Analytics.Cost;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Demo;
using Platform.Insights.Ingest.Parsers;
using static Platform.Insights.Analytics.Tests.Cost.CostKpiStore;

namespace Platform.Insights.Analytics.Tests.Cost;

public sealed class CostAnomalyTests
{
    [Fact]
    public async Task A_spike_against_a_steady_baseline_is_found_with_its_impact_and_severity()
    {
        using var kpis = new CostKpiStore();
        // 40 days of ~100 USD (±3) for web, a steady 20 USD db; web costs 400 on day 35.
        await kpis.AddAsync(Enumerable.Range(0, 40).SelectMany(d => new[]
        {
            Daily(d, d == 35 ? 400m : 100m + ((d * 7 % 7) - 3), "a", "web"),
            Daily(d, 20m, "b", "db"),
        }));

        var anomalies = await kpis.Anomalies.DetectAsync(Day0.AddDays(8), null, CostBasis.Effective, null, CancellationToken.None);

        var spike = Assert.Single(anomalies);
        Assert.Equal((DateOnly.FromDateTime(Day0.AddDays(35)), "web", "USD", 400m, AnomalySeverity.Critical), (spike.Day, spike.Service, spike.Currency, spike.Actual, spike.Severity));
        Assert.Equal(spike.Actual - spike.Expected, spike.Impact);
        Assert.InRange(spike.Impact, 296m, 304m);
        Assert.Equal("weekday", spike.ComparedWith);
    }

    [Fact]
    public async Task A_team_sees_only_the_anomalies_of_its_own_services_and_the_org_sees_both()
    {
        using var kpis = new CostKpiStore();
        // Two teams, each with a steady service that spikes on day 35: what /api/v1/cost/anomalies gives a team token.
        await kpis.AddAsync(Enumerable.Range(0, 40).SelectMany(d => new[]
        {
            Daily(d, d == 35 ? 400m : 100m + ((d * 7 % 7) - 3), "a", "web"),
            Daily(d, d == 35 ? 90m : 20m, "b", "db"),
        }));

        var org = await kpis.Anomalies.DetectAsync(Day0.AddDays(8), null, CostBasis.Effective, null, CancellationToken.None);
        var teamA = await kpis.Anomalies.DetectAsync(Day0.AddDays(8), null, CostBasis.Effective, "a", CancellationToken.None);
        var teamB = await kpis.Anomalies.DetectAsync(Day0.AddDays(8), null, CostBasis.Effective, "b", CancellationToken.None);

        Assert.Equal(["db", "web"], org.Select(a => a.Service).Order(StringComparer.Ordinal));
        Assert.Equal(["web"], teamA.Select(a => a.Service));
        Assert.Equal(["db"], teamB.Select(a => a.Service));
        Assert.Empty(await kpis.Anomalies.DetectAsync(Day0.AddDays(8), null, CostBasis.Effective, "c", CancellationToken.None));
    }

    [Fact]
    public async Task Weekday_and_weekend_rhythm_is_not_an_anomaly()
    {
        using var kpis = new CostKpiStore();
        // Eight weeks: weekdays ~100 USD, weekends ~30 USD, a little noise; judged from the third week, when each
        // weekend day has weekend days behind it.
        await kpis.AddAsync(Enumerable.Range(0, 56).Select(d =>
        {
            var weekend = Day0.AddDays(d).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            return Daily(d, (weekend ? 30m : 100m) + (d % 5) - 2, "a", "batch");
        }));

        Assert.Empty(await kpis.Anomalies.DetectAsync(Day0.AddDays(14), null, CostBasis.Effective, null, CancellationToken.None));
    }

    [Fact]
    public async Task The_demo_organisations_planted_anomaly_is_found_and_nothing_outside_it()
    {
        using var dir = new TempDirectory();
        var manifest = await DemoGenerator.WriteAsync(new DemoOrganisationOptions { Teams = 3, Services = 8, Days = 45, Seed = 11, EndDate = new DateOnly(2026, 3, 1) }, dir.Path);
        using var kpis = new CostKpiStore();
        foreach (var file in manifest.Files.Where(f => f.Kind == DemoFileKind.Billing))
        {
            using var reader = new StreamReader(Path.Combine(dir.Path, file.Path));
            await kpis.AddAsync([.. FocusCsvParser.Parse(reader, file.Path).Select(r => r.Value!)]);
        }
        var planted = manifest.CostAnomaly!;

        var found = await kpis.Anomalies.DetectAsync(CostSql(manifest.StartDate.AddDays(7)), null, CostBasis.Effective, null, CancellationToken.None);

        var top = found[0];
        Assert.Equal(planted.Service, top.Service);
        Assert.InRange(top.Day, planted.Start, planted.End.AddDays(-1));
        Assert.True(top.Impact > 0);
        for (var day = planted.Start; day < planted.End; day = day.AddDays(1))
        {
            Assert.Contains(found, a => a.Service == planted.Service && a.Day == day);
        }
        // Shared (untagged) costs scale with tagged spend, so they may move with the spike; nothing moves on other days.
        Assert.All(found, a => Assert.InRange(a.Day, planted.Start, planted.End.AddDays(-1)));
    }

    private static DateTime CostSql(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    [Property(MaxTest = 300)]
    public bool Severity_grows_with_distance_and_steady_costs_need_a_real_move(ushort expectedCents, short deltaCents)
    {
        var options = new CostAnomalyOptions();
        var expected = expectedCents / 100.0;
        var actual = (decimal)expected + (deltaCents / 100m);
        var score = CostAnomalyScore.Of(actual, expected, 0, options);
        var withinFloor = Math.Abs(deltaCents / 100.0) < options.Threshold * Math.Max(options.MinRelativeSpread * expected, 0.01);
        var bigger = CostAnomalyScore.Of(actual + (deltaCents >= 0 ? 1000m : -1000m), expected, 0, options);
        return (!withinFloor || score.Severity is null)
            && (score.Severity is null || (bigger.Severity is { } s && s >= score.Severity))
            && score.Impact == actual - (decimal)Math.Round(expected, 6);
    }
}
