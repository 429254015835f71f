using System.Text.RegularExpressions;
using Platform.Insights.Dashboards.Checks;
using Platform.Insights.Dashboards.Generation;
using Platform.Insights.Dashboards.Kpis;
using Platform.Insights.Ingest.Parsers;

namespace Platform.Insights.Dashboards.Tests.Escaping;

/// <summary>
/// Team and service names reach Grafana only as label values: in the KPI history written for promtool (OpenMetrics
/// text) and through data links. Both escape them for their context: the history reads back to the exact names with
/// the project's own OpenMetrics parser, and every data link percent-encodes label values in its URL.
/// </summary>
public sealed partial class HostileLabelTests
{
    public static TheoryData<string> HostileNames() =>
    [
        "o'brien \"quoted\"",
        "back\\slash\\",
        "line\nbreak",
        "<script>alert(1)</script>",
        "a&var-team=other#frag",
        "../../etc/passwd",
        "pay\u202Estnemy",
        "pаyments",
        "} 1 0\nfake_metric{a=\"b\"} 2",
    ];

    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task Kpi_history_label_values_read_back_exactly(string name)
    {
        var metric = KpiMetricCatalog.BurnRate;
        var at = new DateTime(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc);
        var writer = new StringWriter();

        await OpenMetricsHistoryWriter.WriteAsync(writer, [(at, [new KpiSample(metric, [name, name, "1h"], 2.5)])], CancellationToken.None);
        var records = OpenMetricsTextParser.Parse(new StringReader(writer.ToString()), "history.om", 0).ToList();

        var sample = Assert.Single(records, r => !r.IsError).Value!;
        Assert.DoesNotContain(records, r => r.IsError);
        Assert.Equal(metric.Name, sample.Metric);
        Assert.Equal(name, sample.Labels.Single(l => l.Name == "team").Value);
        Assert.Equal(name, sample.Labels.Single(l => l.Name == "service").Value);
    }

    [Fact]
    public void Every_data_link_percent_encodes_the_label_values_it_puts_in_its_url()
    {
        var links = InsightsDashboards.All(DashboardSettings.Default).SelectMany(DashboardLint.Links).Select(l => l.Url).ToList();

        var references = links.SelectMany(u => FieldReference().Matches(u)).Select(m => m.Value).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.EndsWith(":percentencode}", r, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\$\{__(?:field\.labels|data\.fields)\.[a-z_]+(?::[a-z]+)?\}")]
    private static partial Regex FieldReference();
}
