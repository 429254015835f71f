using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.Insights.Host.Tests.Support;

namespace Platform.Insights.Host.Tests;

/// <summary>
/// A restarted <c>insights serve</c> exports the KPI gauges from its first scrape: the last computed snapshot is kept in
/// the data directory and served (with its computation time and age) until the new process's first computation
/// replaces it, so a Prometheus scraping right after a restart sees no gap. A first start says on <c>/readyz</c> that
/// the KPI gauges are not computed yet, without holding readiness back.
/// </summary>
public sealed class KpiSnapshotRestartTests
{
    private const string OrgAvailability = "insights_availability_ratio{scope=\"org\",team=\"\",service=\"\",window=\"30d\"}";

    // Two starts of a server over the demo: generous on a shared, loaded machine.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_restarted_server_exports_the_last_kpi_snapshot_with_its_age_from_the_first_scrape()
    {
        var demo = await SharedDemo.GetAsync();
        using var work = new TempDir("kpi-restart");
        demo.CopyDataTo(work.Sub("data"));
        var snapshot = Path.Combine(work.Sub("data"), "kpi-snapshot.json");

        double computedAt, availability;
        int series;
        await using (var first = await ServerProcess.StartAsync(work.Path, work.Sub("data"), readyTimeout: StartTimeout))
        {
            // Right after a first start: either no KPI values yet, said on /readyz (200, Degraded), or already computed.
            var (status, description) = await KpiCheckAsync(first);
            var early = await MetricsAsync(first);
            if (!early.Contains(OrgAvailability, StringComparison.Ordinal))
            {
                Assert.True(status == "Degraded" && description.Contains("first computation running", StringComparison.Ordinal), $"{status}: {description}");
                Assert.DoesNotMatch("(?m)^insights_kpi_age_seconds ", early);
            }

            var metrics = await KpiMetricsTests.RefreshedMetricsAsync(first, first.LocalToken);
            computedAt = KpiMetricsTests.Value(metrics, "insights_kpi_last_refresh_timestamp_seconds");
            availability = KpiMetricsTests.Value(metrics, OrgAvailability);
            series = Regex.Count(metrics, "^insights_availability_ratio\\{", RegexOptions.Multiline);
            Assert.Equal(0, KpiMetricsTests.Value(metrics, "insights_kpi_snapshot_restored"));
            (status, description) = await KpiCheckAsync(first);
            Assert.True(status == "Healthy" && description.StartsWith("KPI gauges computed at", StringComparison.Ordinal), $"{status}: {description}");
            await UntilAsync(() => File.Exists(snapshot), "the KPI snapshot written to the data directory");
            Assert.Equal(0, await first.StopAsync());
        }

        await using var second = await ServerProcess.StartAsync(work.Path, work.Sub("data"), readyTimeout: StartTimeout);
        var scrape = await MetricsAsync(second);

        Assert.Equal(availability, KpiMetricsTests.Value(scrape, OrgAvailability), 12);
        Assert.Equal(series, Regex.Count(scrape, "^insights_availability_ratio\\{", RegexOptions.Multiline));
        Assert.True(KpiMetricsTests.Value(scrape, "insights_kpi_last_refresh_timestamp_seconds") >= computedAt, scrape);
        Assert.True(KpiMetricsTests.Value(scrape, "insights_kpi_age_seconds") >= 0, scrape);
        var (readyStatus, readyDescription) = await KpiCheckAsync(second);
        Assert.Equal("Healthy", readyStatus);
        if (KpiMetricsTests.Value(scrape, "insights_kpi_snapshot_restored") == 1)
        {
            // Still the previous run's values: its computation time, not a new one.
            Assert.Equal(computedAt, KpiMetricsTests.Value(scrape, "insights_kpi_last_refresh_timestamp_seconds"));
            Assert.DoesNotMatch("(?m)^insights_kpi_refreshes_total\\{outcome=\"ok\"\\}", scrape);
        }
        Assert.Contains("KPI gauges restored from the last snapshot", second.Stdout + second.Stderr, StringComparison.Ordinal);

        // The first computation of the new process then takes over.
        var refreshed = await KpiMetricsTests.RefreshedMetricsAsync(second, second.LocalToken);
        Assert.Equal(0, KpiMetricsTests.Value(refreshed, "insights_kpi_snapshot_restored"));
        Assert.True(KpiMetricsTests.Value(refreshed, "insights_kpi_last_refresh_timestamp_seconds") > computedAt);
        Assert.Equal(availability, KpiMetricsTests.Value(refreshed, OrgAvailability), 12);
        Assert.StartsWith("KPI gauges computed at", (await KpiCheckAsync(second)).Description, StringComparison.Ordinal);
    }

    /// <summary>A scrape as Prometheus makes it for the KPI gauges: with a token of read scope (anonymous scrapes get none).</summary>
    private static async Task<string> MetricsAsync(ServerProcess server)
    {
        using var response = await server.GetAsync("/metrics", server.LocalToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<(string Status, string Description)> KpiCheckAsync(ServerProcess server)
    {
        using var response = await server.GetAsync("/readyz");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        var check = json.RootElement.GetProperty("checks").GetProperty("kpis");
        return (check.GetProperty("status").GetString()!, check.GetProperty("description").GetString()!);
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"no {what} within 30 s");
            await Task.Delay(100);
        }
    }
}
