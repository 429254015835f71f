using System.Globalization;
using System.Net;
using System.Text;
using Platform.Insights.Host.Tests.Support;
using Platform.Insights.Ingest.Tests.Parsers.RemoteWrite;
using Xunit.Abstractions;

namespace Platform.Insights.Host.Tests.Reliability;

/// <summary>
/// SIGKILL during ingest: remote write (snappy protobuf) and NDJSON log push stream into a real <c>insights serve</c>
/// while it is killed at seeded random moments and started again; the senders resend whatever was not acknowledged.
/// Afterwards the store holds exactly what was acknowledged: every sample and event once — none lost, none twice.
/// </summary>
public sealed class ReliabilityCrashDuringIngestTests(ITestOutputHelper output)
{
    internal const int Series = 12;
    internal const int SamplesPerSeriesPerBatch = 25;
    internal const int MetricBatches = 60;
    internal const int EventsPerBatch = 200;
    internal const int LogBatches = 60;

    [Fact]
    public async Task Samples_and_events_acknowledged_before_and_after_kills_are_stored_exactly_once()
    {
        var trials = CrashTrials.Count(ciDefault: 1);
        var failures = new List<string>();
        for (var trial = 0; trial < trials; trial++)
        {
            var seed = CrashTrials.BaseSeed + trial;
            var line = await RunTrialAsync(seed);
            output.WriteLine(line);
            CrashTrials.Record(line);
            if (line.Contains("LOST", StringComparison.Ordinal) || line.Contains("DUPLICATED", StringComparison.Ordinal))
            {
                failures.Add(line);
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static async Task<string> RunTrialAsync(int seed)
    {
        using var work = new TempDir("crash-ingest");
        await using var server = new CrashServer(work.Path, work.Sub("data"));
        return await StreamThroughKillsAsync(seed, server, "ingest");
    }

    /// <summary>
    /// One trial on <paramref name="server"/> (not started yet): both senders stream while the server is killed 1–2 times at
    /// seeded moments and started again; returns the trial's line, with LOST or DUPLICATED when the store disagrees with
    /// what was acknowledged (shared with the cluster-mode lake trial, ReliabilityCrashDuringLakeIngestTests).
    /// </summary>
    internal static async Task<string> StreamThroughKillsAsync(int seed, CrashServer server, string label)
    {
        var random = new Random(seed);
        await server.StartAsync();

        var start = TimeProvider.System.GetUtcNow().AddHours(-3).ToUnixTimeMilliseconds();
        var metricSender = new RetryingSender(() => server.BaseUrl, CrashServer.IngestToken);
        var logSender = new RetryingSender(() => server.BaseUrl, CrashServer.IngestToken);
        long samplesAcked = 0, eventsAcked = 0;
        var metrics = Task.Run(async () =>
        {
            for (var batch = 0; batch < MetricBatches; batch++)
            {
                var body = WriteRequestEncoder.Compressed(Enumerable.Range(0, Series).Select(s => RemoteSeries.Of(
                    "crash_requests_total", [("service", $"crash-{s % 3}"), ("instance", $"i{s}")],
                    [.. Enumerable.Range(0, SamplesPerSeriesPerBatch).Select(i => (start + ((batch * SamplesPerSeriesPerBatch) + i) * 1_000L, (double)i))])));
                var status = await metricSender.SendAsync("/api/v1/write", body, "application/x-protobuf", "snappy");
                Assert.True(status == HttpStatusCode.NoContent, $"remote write batch {batch}: {(int)status}");
                Interlocked.Add(ref samplesAcked, Series * SamplesPerSeriesPerBatch);
            }
        });
        var logs = Task.Run(async () =>
        {
            for (var batch = 0; batch < LogBatches; batch++)
            {
                var text = new StringBuilder();
                for (var i = 0; i < EventsPerBatch; i++)
                {
                    var n = (batch * EventsPerBatch) + i;
                    var at = DateTimeOffset.FromUnixTimeMilliseconds(start + (n * 100L)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                    text.Append(CultureInfo.InvariantCulture, $$"""{"@timestamp":"{{at}}","event":{"id":"crash-{{n}}","action":"request","outcome":"success"},"service":{"name":"crash-{{n % 3}}"},"message":"event {{n}}"}""").Append('\n');
                }
                var status = await logSender.SendAsync("/api/v1/logs", Encoding.UTF8.GetBytes(text.ToString()), "application/x-ndjson", null);
                Assert.True(status == HttpStatusCode.OK, $"log batch {batch}: {(int)status}");
                Interlocked.Add(ref eventsAcked, EventsPerBatch);
            }
        });

        var kills = new List<string>();
        var senders = Task.WhenAll(metrics, logs);
        var killsWanted = 1 + random.Next(2);
        for (var k = 0; k < killsWanted && !senders.IsCompleted; k++)
        {
            var ackedAtStart = Interlocked.Read(ref samplesAcked) + Interlocked.Read(ref eventsAcked);
            // Kill while data is flowing: after the senders' first acknowledgement since the (re)start, then a random while.
            while (!senders.IsCompleted && Interlocked.Read(ref samplesAcked) + Interlocked.Read(ref eventsAcked) <= ackedAtStart)
            {
                await Task.Delay(20);
            }
            var delay = TimeSpan.FromMilliseconds(random.Next(1_500));
            await Task.WhenAny(senders, Task.Delay(delay));
            if (senders.IsCompleted)
            {
                break;
            }
            var atSamples = Interlocked.Read(ref samplesAcked);
            var atEvents = Interlocked.Read(ref eventsAcked);
            await server.KillAsync();
            kills.Add(string.Create(CultureInfo.InvariantCulture, $"{delay.TotalMilliseconds:0}ms(acked {atSamples} samples, {atEvents} events)"));
            await server.StartAsync();
        }
        await senders;

        var samples = await server.QueryRowAsync(
            "SELECT count(*), count(DISTINCT (series_id, ts)) FROM metric_samples WHERE metric = 'crash_requests_total'");
        var events = await server.QueryRowAsync("SELECT count(*), count(DISTINCT event_id) FROM log_events WHERE event_id LIKE 'crash-%'");
        var expectedSamples = (long)Series * SamplesPerSeriesPerBatch * MetricBatches;
        var expectedEvents = (long)EventsPerBatch * LogBatches;
        var verdict = Verdict("samples", samplesAcked, samples[0], samples[1]) + " " + Verdict("events", eventsAcked, events[0], events[1]);
        var resends = metricSender.Resends + logSender.Resends;
        return string.Create(CultureInfo.InvariantCulture,
            $"{label} seed={seed} kills={kills.Count} [{string.Join("; ", kills)}] resends={resends} samples sent={expectedSamples} acked={samplesAcked} stored={samples[0]} distinct={samples[1]}; events sent={expectedEvents} acked={eventsAcked} stored={events[0]} distinct={events[1]} => {verdict}");
    }

    private static string Verdict(string what, long acked, long stored, long distinct) =>
        stored < acked ? $"{what} LOST {acked - stored}" : stored != distinct ? $"{what} DUPLICATED {stored - distinct}" : stored > acked ? $"{what} extra {stored - acked}" : $"{what} ok";
}
