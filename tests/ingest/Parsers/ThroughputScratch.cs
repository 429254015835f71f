using System.Diagnostics;
using System.Text;
using Platform.Insights.Ingest.Parsers;
using Xunit.Abstractions;

namespace Platform.Insights.Ingest.Tests.Parsers;

public sealed class ThroughputScratch(ITestOutputHelper output)
{
    [Fact]
    public void Measure()
    {
        var om = new StringBuilder();
        for (var t = 0; t < 2000; t++)
        {
            for (var s = 0; s < 1000; s++)
            {
                om.Append("probe_success{env=\"production\",service=\"checkout").Append(s).Append("\"} 1 ").Append(1700000000000L + (t * 15000L)).Append('\n');
            }
        }
        var omText = om.ToString();
        var omUnique = new StringBuilder();
        for (var s = 0; s < 1_000_000; s++)
        {
            omUnique.Append("http_requests_total{code=\"200\",method=\"get\",pod=\"api-").Append(s).Append("\"} ").Append(s * 3).Append(" 1700000000000\n");
        }
        var omUniqueText = omUnique.ToString();
        var ecs = new StringBuilder();
        for (var i = 0; i < 500_000; i++)
        {
            ecs.Append("{\"@timestamp\":\"2024-05-01T10:00:00.123Z\",")
                .Append(i % 2 == 0 ? $"\"event\":{{\"id\":\"e-{i}\",\"action\":\"deploy\",\"outcome\":\"success\",\"category\":[\"process\"],\"duration\":1500000}}," : "\"event.action\":\"http-request\",\"event.outcome\":\"failure\",")
                .Append("\"service\":{\"name\":\"checkout\",\"environment\":\"production\",\"version\":\"1.4.2\"},\"log.level\":\"info\",\"message\":\"request handled in 12ms\",\"labels\":{\"team\":\"payments\",\"region\":\"eu-west-1\"},\"host\":{\"name\":\"node-7\"}}\n");
        }
        var ecsText = ecs.ToString();
        var sample = File.ReadAllText(TestFiles.SharedData("billing/focus_1.0_sample_1000.csv"));
        var headerEnd = sample.IndexOf('\n', StringComparison.Ordinal) + 1;
        var focus = new StringBuilder(sample);
        for (var i = 1; i < 300; i++)
        {
            focus.Append(sample, headerEnd, sample.Length - headerEnd);
        }
        var focusText = focus.ToString();

        var small = new StringBuilder();
        for (var s = 0; s < 1_000_000; s++)
        {
            small.Append("http_requests_total{code=\"200\",method=\"get\",pod=\"api-").Append(s % 50_000).Append("\"} ").Append(s * 3).Append(" 1700000000000\n");
        }
        var smallText = small.ToString();
        for (var round = 0; round < 2; round++)
        {
            Run("openmetrics 50k series", () => OpenMetricsTextParser.Parse(new StringReader(smallText), "x", 0).Count(), smallText.Length);
            Run("series identity only", () => { var n = 0; for (var i = 0; i < 1_000_000; i++) { n += (int)Platform.Insights.Ingest.Records.SeriesIdentity.Compute("http_requests_total", [new("code", "200"), new("method", "get"), new("pod", "api-1")]) & 1; } return 1_000_000 + n - n; }, 1);
            Run("openmetrics repeated series", () => OpenMetricsTextParser.Parse(new StringReader(omText), "x", 0).Count(), omText.Length);
            Run("openmetrics unique series", () => OpenMetricsTextParser.Parse(new StringReader(omUniqueText), "x", 0).Count(), omUniqueText.Length);
            Run("ecs ndjson", () => EcsNdjsonParser.Parse(new StringReader(ecsText), "x").Count(), ecsText.Length);
            Run("focus csv", () => FocusCsvParser.Parse(new StringReader(focusText), "x").Count(), focusText.Length);
        }
    }

    private void Run(string name, Func<int> parse, long chars)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var count = parse();
        watch.Stop();
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        output.WriteLine($"{name}: {count:N0} records in {watch.ElapsedMilliseconds} ms = {count / watch.Elapsed.TotalSeconds:N0}/s, {chars / watch.Elapsed.TotalSeconds / 1e6:N0} Mchar/s, {allocated / count} B/record, cpu {cpuSeconds:N2}s = {count / cpuSeconds:N0}/cpu-s");
    }
}
