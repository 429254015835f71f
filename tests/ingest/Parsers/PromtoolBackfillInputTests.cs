using System.Text;
using Platform.Insights.Ingest.Parsers;

namespace Platform.Insights.Ingest.Tests.Parsers;

/// <summary>The input <c>promtool tsdb create-blocks-from openmetrics</c> takes is what <c>insights import metrics</c> reads.</summary>
public sealed class PromtoolBackfillInputTests
{
    [Fact]
    public void A_promtool_backfill_file_with_second_timestamps_and_EOF_imports_every_sample()
    {
        const string file = """
            # HELP probe_success Whether the probe succeeded.
            # TYPE probe_success gauge
            probe_success{instance="blackbox:9115",job="blackbox",service="checkout"} 1 1704067260
            probe_success{instance="blackbox:9115",job="blackbox",service="checkout"} 0 1704067320.5
            # TYPE http_requests counter
            http_requests_total{service="checkout",code="500"} 3 1704067260
            # EOF

            """;

        var records = OpenMetricsTextParser.Parse(new StringReader(file), "backfill.om", 0).ToList();

        Assert.All(records, r => Assert.Null(r.Error));
        Assert.Equal([1704067260000L, 1704067320500L, 1704067260000L], records.Select(r => r.Value!.TimestampMs));
        Assert.Equal(["probe_success", "probe_success", "http_requests_total"], records.Select(r => r.Value!.Metric));
    }
}
