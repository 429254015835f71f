using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Analytics.Tests.Sources;

/// <summary>
/// Records stamped further ahead of the host's clock than <c>Insights:Ingest:MaxFutureSkew</c> (10 minutes) are rejected
/// as <c>too_far_in_future</c> and counted by every source — log push, NDJSON and metrics files, billing files — never
/// stored; those within the tolerance are stored with their own timestamps. The clock is a fake <see cref="TimeProvider"/>.
/// </summary>
public sealed class ReliabilityClockSkewTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2024, 9, 18, 20, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _data = new();
    private readonly TempDirectory _files = new();
    private readonly FakeTimeProvider _time = new(Now);
    private InsightsCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await InsightsCluster.StartAsync(_data.Path, services => services.AddSingleton<TimeProvider>(_time));

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _data.Dispose();
        _files.Dispose();
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Ecs(string id, DateTimeOffset at, string service = "skew", DateTimeOffset? end = null)
    {
        var ecsEvent = new Dictionary<string, object> { ["id"] = id, ["action"] = end is null ? "request" : "incident" };
        if (end is { } until)
        {
            ecsEvent["start"] = Stamp(at);
            ecsEvent["end"] = Stamp(until);
        }
        return System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["@timestamp"] = Stamp(at),
            ["event"] = ecsEvent,
            ["service"] = new Dictionary<string, object> { ["name"] = service },
        });
    }

    [Fact]
    public async Task Pushed_events_from_beyond_the_tolerance_are_rejected_and_counted_and_those_within_it_are_stored()
    {
        var body = string.Join('\n', Ecs("push-past", Now.AddHours(-1)), Ecs("push-near", Now.AddMinutes(9)), Ecs("push-far", Now.AddHours(2)),
            Ecs("push-end", Now.AddHours(-1), end: Now.AddDays(1)));

        var result = await _cluster.Get<LogPushSource>().PushAsync(new StringReader(body), "body", CancellationToken.None);

        Assert.Equal(2, result.Stored);
        Assert.Equal(2, result.RejectedByReason[DropReasons.TooFarInFuture]);
        Assert.Contains(result.Errors, e => e.Line == 3 && e.Message.Contains("@timestamp", StringComparison.Ordinal) && e.Message.Contains("MaxFutureSkew", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Line == 4 && e.Message.Contains("event.end", StringComparison.Ordinal));
        Assert.Equal(["push-near", "push-past"], Sql.Rows(_cluster.Database, "SELECT event_id FROM log_events WHERE event_id LIKE 'push-%' ORDER BY event_id").Select(r => (string)r[0]!));
        Assert.Equal(0, Sql.Count(_cluster.Database, "SELECT count(*) FROM log_events WHERE ts > $latest", ("latest", Now.AddMinutes(10).UtcDateTime)));
        Assert.Contains("insights_ingest_dropped_total{kind=\"logs\",reason=\"too_far_in_future\"}", await MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_metric_and_billing_files_reject_rows_from_the_future_by_line_and_store_the_rest()
    {
        var logs = Path.Combine(_files.Path, "skew.ndjson");
        await File.WriteAllTextAsync(logs, Ecs("file-past", Now.AddMinutes(-5)) + "\n" + Ecs("file-far", Now.AddDays(3)) + "\n");
        var metrics = Path.Combine(_files.Path, "skew.om");
        var seconds = Now.ToUnixTimeSeconds();
        await File.WriteAllTextAsync(metrics, string.Create(CultureInfo.InvariantCulture,
            $"skew_up{{service=\"skew\"}} 1 {seconds - 60}\nskew_up{{service=\"skew\"}} 1 {seconds + 3600}\nskew_up{{service=\"skew\"}} 1 {seconds + 300}\n# EOF\n"));
        var billing = Path.Combine(_files.Path, "skew.csv");
        await File.WriteAllTextAsync(billing, FocusCsv.File(FocusCsv.Row(3m, account: "skew-acct", hour: 19), FocusCsv.Row(5m, account: "skew-acct", hour: 22)));

        var logImport = await _cluster.Get<EcsNdjsonFileSource>().ImportAsync(logs, new FileImportOptions(), CancellationToken.None);
        var metricImport = await _cluster.Get<OpenMetricsFileSource>().ImportAsync(metrics, new FileImportOptions(), CancellationToken.None);
        var billingImport = await _cluster.Get<BillingDelivery>().ImportAsync([billing], new FileImportOptions(), null, CancellationToken.None);

        Assert.Equal((1L, 1L), (logImport.Stored, logImport.RejectedByReason![DropReasons.TooFarInFuture]));
        Assert.Equal(2, logImport.Errors.Single().Line);
        Assert.Equal((2L, 1L), (metricImport.Stored, metricImport.RejectedByReason![DropReasons.TooFarInFuture]));
        var billed = Assert.Single(billingImport.Files);
        Assert.Equal(1, billed.RejectedByReason![DropReasons.TooFarInFuture]);
        Assert.Contains("ChargePeriodStart", billed.Errors.Single().Message, StringComparison.Ordinal);
        Assert.Equal(3m, Sql.Scalar(_cluster.Database, "SELECT sum(BilledCost) FROM focus_line_items WHERE BillingAccountId = 'skew-acct'"));
        Assert.Equal(0, Sql.Count(_cluster.Database, "SELECT count(*) FROM metric_samples WHERE metric = 'skew_up' AND ts > $latest", ("latest", Now.AddMinutes(10).UtcDateTime)));
    }

    private static async Task<string> MetricsAsync()
    {
        using var text = new MemoryStream();
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(text);
        return System.Text.Encoding.UTF8.GetString(text.ToArray());
    }
}
