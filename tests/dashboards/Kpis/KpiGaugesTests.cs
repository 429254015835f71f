using System.Text;
using Platform.Insights.Dashboards.Kpis;
using Prometheus;

namespace Platform.Insights.Dashboards.Tests.Kpis;

public sealed class KpiGaugesTests
{
    [Fact]
    public async Task A_refresh_sets_the_new_values_and_retires_series_the_snapshot_no_longer_has()
    {
        var registry = Metrics.NewCustomRegistry();
        var gauges = new KpiGauges(registry);
        var at = new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

        await gauges.PublishAsync([Availability("web", 0.99), Availability("old", 0.5), Info("web")], at, TimeSpan.FromSeconds(2), CancellationToken.None);
        await gauges.PublishAsync([Availability("web", 0.995)], at.AddMinutes(5), TimeSpan.FromSeconds(1), CancellationToken.None);
        var text = await ScrapeAsync(registry) + Encoding.UTF8.GetString((await gauges.ExpositionAsync(CancellationToken.None)).Text.Span);

        Assert.Contains("insights_availability_ratio{scope=\"service\",team=\"shop\",service=\"web\",window=\"30d\"} 0.995", text, StringComparison.Ordinal);
        Assert.DoesNotContain("service=\"old\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("insights_service_info{", text, StringComparison.Ordinal);
        Assert.Contains("insights_kpi_refreshes_total{outcome=\"ok\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("insights_kpi_series 1", text, StringComparison.Ordinal);
        Assert.Contains("insights_kpi_last_refresh_timestamp_seconds 1768003500", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_history_is_openmetrics_with_families_together_series_in_time_order_and_empty_labels_left_out()
    {
        var t0 = new DateTime(2026, 1, 9, 0, 0, 0, DateTimeKind.Utc);
        var history = new List<(DateTime, IReadOnlyList<KpiSample>)>
        {
            (t0.AddHours(1), [Availability("web", 0.5), Info("we\"b")]),
            (t0, [Availability("web", 1), new KpiSample(KpiMetricCatalog.Availability, ["org", "", "", "30d"], 0.75)]),
        };
        var text = new StringBuilder();
        await using (var writer = new StringWriter(text))
        {
            var (series, samples) = await OpenMetricsHistoryWriter.WriteAsync(writer, history, CancellationToken.None);
            Assert.Equal((3, 4L), (series, samples));
        }

        Assert.Equal(
            """
            # HELP insights_availability_ratio Availability over the rolling window (0..1): probe mean or 1 - 5xx / requests.
            # TYPE insights_availability_ratio gauge
            insights_availability_ratio{scope="org",window="30d"} 0.75 1767916800
            insights_availability_ratio{scope="service",team="shop",service="web",window="30d"} 1 1767916800
            insights_availability_ratio{scope="service",team="shop",service="web",window="30d"} 0.5 1767920400
            # HELP insights_service_info A catalog service and its team (value 1).
            # TYPE insights_service_info gauge
            insights_service_info{team="shop",service="we\"b"} 1 1767920400
            # EOF

            """.ReplaceLineEndings("\n"), text.ToString());
    }

    private static KpiSample Availability(string service, double value) => new(KpiMetricCatalog.Availability, ["service", "shop", service, "30d"], value);

    private static KpiSample Info(string service) => new(KpiMetricCatalog.ServiceInfo, ["shop", service, "", ""], 1);

    private static async Task<string> ScrapeAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
