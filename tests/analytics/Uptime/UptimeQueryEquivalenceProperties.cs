using System.Globalization;
using FsCheck.Xunit;
using Platform.Insights.Analytics.Uptime;

namespace Platform.Insights.Analytics.Tests.Uptime;

/// <summary>
/// The SLI and incident queries after BENCHMARKS.md §30 (one group-by of segments and gaps after the window; the probe
/// incidents' window over a condensed series) against the queries they replaced, kept as test-only references
/// (<c>Uptime/Reference/*.sql</c>): on random stores the same rows, the same incidents to the microsecond, and sums equal
/// to 1e-9 relative (both sides add doubles in an order of DuckDB's choosing).
/// </summary>
public sealed class UptimeQueryEquivalenceProperties
{
    private static readonly DateTime T0 = UptimeStore.T0;

    [Property(MaxTest = 4)]
    public async Task<bool> Sli_sums_and_incidents_equal_the_reference_queries_on_random_series(int seed)
    {
        var random = new Random(seed);
        var asOf = T0.AddHours(20).AddSeconds(random.Next(0, 3600)).AddMilliseconds(random.Next(1000));
        using var store = new UptimeStore(new UptimeKpiOptions { MinimumIncidentDuration = TimeSpan.FromSeconds(random.Next(0, 3) * 60) }, new DateTimeOffset(asOf));
        await new RandomUptimeStore(store, random).WriteAsync(2 + Math.Abs(seed % 4), asOf);

        var main = new UptimeWindow(UptimeKpiQuery.MainWindow, asOf.AddHours(-18), asOf);
        var windows = new List<UptimeWindow> { main };
        windows.AddRange(UptimeWindow.BurnWindows.Select(b => new UptimeWindow(b.Name, asOf - b.Length, asOf)));
        // History's shape too: consecutive buckets, one of them cut at a second that is no minute.
        var buckets = Enumerable.Range(0, 5).Select(i => new UptimeWindow($"b{i}", T0.AddHours(i * 4).AddSeconds(i == 3 ? 17 : 0), T0.AddHours((i + 1) * 4))).ToList();
        await AssertEqualToReferenceAsync(store, windows, buckets, asOf, T0, asOf.AddHours(-5));
        return true;
    }

    /// <summary>
    /// The same on BENCHMARKS.md §38's shape: many series per service at 1–2 s, flapping probes with a failing sample in
    /// every hour, counters beside probes, and minimum incident durations that cut hours into parts of any length.
    /// </summary>
    [Property(MaxTest = 6)]
    public async Task<bool> Sli_sums_and_incidents_equal_the_reference_queries_on_dense_many_series_stores(int seed)
    {
        var random = new Random(seed);
        var asOf = T0.AddHours(2).AddSeconds(random.Next(0, 1800)).AddMilliseconds(random.Next(1000));
        double[] minimums = [0, 7, 45.5, 60, 120, 5400];
        var minimum = TimeSpan.FromSeconds(minimums[Math.Abs(seed % minimums.Length)]);
        using var store = new UptimeStore(new UptimeKpiOptions { MinimumIncidentDuration = minimum }, new DateTimeOffset(asOf));
        await new DenseUptimeStore(store, random).WriteAsync(3 + Math.Abs(seed % 2), asOf);

        var main = new UptimeWindow(UptimeKpiQuery.MainWindow, asOf.AddMinutes(-90), asOf);
        var windows = new List<UptimeWindow> { main };
        windows.AddRange(UptimeWindow.BurnWindows.Select(b => new UptimeWindow(b.Name, asOf - b.Length, asOf)));
        var buckets = Enumerable.Range(0, 5).Select(i => new UptimeWindow($"b{i}", T0.AddMinutes(i * 20).AddSeconds(i == 3 ? 17 : 0), T0.AddMinutes((i + 1) * 20))).ToList();
        await AssertEqualToReferenceAsync(store, windows, buckets, asOf, T0, asOf.AddMinutes(-25));
        return true;
    }

    /// <summary>
    /// The SLI sums of the windows (all teams and team-a) and of the buckets, and the incidents up to as-of, as DORA's
    /// records (to 9999) and of an earlier range, equal to the reference queries'. <paramref name="windows"/>[0] is the main window.
    /// </summary>
    private static async Task AssertEqualToReferenceAsync(UptimeStore store, List<UptimeWindow> windows, List<UptimeWindow> buckets, DateTime asOf, DateTime earlierFrom, DateTime earlierTo)
    {
        foreach (var (set, team) in new[] { (windows, (string?)null), (buckets, null), (windows, "team-a") })
        {
            AssertSameSums(
                await store.Sli.QueryAsync(Reference("reference_service_sli.sql"), set, null, team, CancellationToken.None),
                await store.Sli.QueryAsync(StoreSqlText("Uptime/service_sli.sql"), set, null, team, CancellationToken.None));
        }
        var main = windows[0];
        foreach (var (from, to, perRecord) in new[] { (main.From, asOf, false), (main.From, new DateTime(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc), true), (earlierFrom, earlierTo, false) })
        {
            var reference = await store.Incidents.QueryAsync(Reference("reference_incidents.sql"), from, to, null, null, perRecord, CancellationToken.None);
            var actual = await store.Incidents.QueryAsync(StoreSqlText("Uptime/incidents.sql"), from, to, null, null, perRecord, CancellationToken.None);
            Assert.Equal(reference, actual);
        }
    }

    private static void AssertSameSums(IReadOnlyList<ServiceSli> reference, IReadOnlyList<ServiceSli> actual)
    {
        Assert.NotEmpty(reference);
        Assert.Equal(reference.Select(r => (r.Service, r.Team, r.SloTarget, r.Sli, r.Window)), actual.Select(r => (r.Service, r.Team, r.SloTarget, r.Sli, r.Window)));
        foreach (var (r, a) in reference.Zip(actual))
        {
            var path = $"{r.Service}/{r.Window}";
            AssertClose(r.Totals.ProbeGoodSeconds, a.Totals.ProbeGoodSeconds, path + " good");
            AssertClose(r.Totals.ProbeObservedSeconds, a.Totals.ProbeObservedSeconds, path + " observed");
            AssertClose(r.Totals.ErrorRequests, a.Totals.ErrorRequests, path + " errors");
            AssertClose(r.Totals.TotalRequests, a.Totals.TotalRequests, path + " requests");
            AssertClose(r.Totals.SamplesPresent, a.Totals.SamplesPresent, path + " present");
            AssertClose(r.Totals.SamplesExpected, a.Totals.SamplesExpected, path + " expected");
            Assert.Equal((r.Totals.ProbeServices, r.Totals.RequestServices), (a.Totals.ProbeServices, a.Totals.RequestServices));
        }
    }

    private static void AssertClose(double expected, double actual, string path) =>
        Assert.True(expected.Equals(actual) || Math.Abs(expected - actual) <= 1e-9 * Math.Max(Math.Abs(expected), Math.Abs(actual)),
            string.Create(CultureInfo.InvariantCulture, $"{path}: expected {expected:R}, got {actual:R}"));

    private static string StoreSqlText(string path) => Platform.Insights.Analytics.Store.StoreSql.Load(path);

    private static string Reference(string name)
    {
        using var stream = typeof(UptimeQueryEquivalenceProperties).Assembly.GetManifestResourceStream(name)
                           ?? throw new InvalidOperationException($"No embedded reference SQL {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
