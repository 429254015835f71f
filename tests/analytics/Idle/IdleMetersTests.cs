using Platform.Insights.Analytics.Idle;

namespace Platform.Insights.Analytics.Tests.Idle;

public sealed class IdleMetersTests : IDisposable
{
    private readonly IdleStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task A_detector_run_reports_its_outcome_resources_read_and_findings_per_state_on_metrics()
    {
        await _store.VmAsync("i-quiet", _ => 0.005, _ => 10);
        await _store.VmAsync("i-busy", _ => 0.6, _ => 50_000);
        var now = _store.Time.GetUtcNow().UtcDateTime;
        await _store.VmAsync("i-new", _ => 0.001, _ => 1, hours: 31, from: now.AddHours(-31));

        var findings = await _store.Detector.ListAsync(new IdleFindingFilter(), CancellationToken.None);

        var text = await ExportAsync();
        Assert.Equal(3, findings.Count);
        Assert.Contains("insights_idle_detector_runs_total{outcome=\"ok\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("insights_idle_detector_resources_read 3", text, StringComparison.Ordinal);
        Assert.Contains("insights_idle_detector_findings{state=\"idle\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("insights_idle_detector_findings{state=\"active\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("insights_idle_detector_findings{state=\"undetermined\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("insights_idle_detector_duration_seconds_count 1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("outcome=\"failed\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_detector_run_that_cannot_read_the_store_is_counted_as_failed_and_still_throws()
    {
        await _store.VmAsync("i-quiet", _ => 0.005, _ => 10);
        await _store.Database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DROP VIEW metric_samples";
            command.ExecuteNonQuery();
        }, CancellationToken.None);

        await Assert.ThrowsAnyAsync<Exception>(() => _store.Detector.ListAsync(new IdleFindingFilter(), CancellationToken.None));

        var text = await ExportAsync();
        Assert.Contains("insights_idle_detector_runs_total{outcome=\"failed\"} 1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("outcome=\"ok\"", text, StringComparison.Ordinal);
    }

    private async Task<string> ExportAsync()
    {
        using var stream = new MemoryStream();
        await _store.Registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
