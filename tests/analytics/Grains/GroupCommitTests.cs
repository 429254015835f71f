using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;
using Platform.Insights.Ingest.Grains;
using Platform.Insights.Ingest.Records;
using Platform.Insights.Ingest.Sources;
using Platform.Insights.Ingest.Tests.Parsers.RemoteWrite;
using static Platform.Insights.Analytics.Tests.Support.Samples;

namespace Platform.Insights.Analytics.Tests.Grains;

/// <summary>
/// The service grain's group commit against the real store: calls that arrive while a group is being committed are
/// stored together in the next one, each is answered only once its own group committed, a failed group fails every
/// call waiting on it with the store's (retryable) error, and nothing is stored twice.
/// </summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();
    private readonly HeldCommitFault _commit = new();
    private InsightsCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await InsightsCluster.StartAsync(_dir.Path, services => services.AddSingleton<IStoreWriteFault>(_commit));

    public async Task DisposeAsync()
    {
        _commit.Release();
        await _cluster.DisposeAsync();
        _commit.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Calls_that_arrive_while_a_group_commits_are_stored_together_once_and_answered_only_after_their_commit()
    {
        var service = Names.Unique("group");
        var grain = _cluster.Client.GetGrain<IServiceGrain>(service);
        await grain.IngestSeriesAsync([Series(service, "a", 0)]);
        var commitsBefore = _commit.Commits;

        _commit.Hold();
        var first = grain.IngestSeriesAsync([Series(service, "a", 1, 2)]);
        await _commit.Reached.WaitAsync(Patience);
        var behind = new[]
        {
            grain.IngestSeriesAsync([Series(service, "b", 1, 2, 3)]),
            grain.IngestSeriesAsync([Series(service, "c", 5, 6)]),
            grain.IngestSeriesAsync([Series(service, "a", 2, 3, 4)]), // 2 is in the group being committed: a duplicate
            grain.IngestSeriesAsync([Series(service, "a", 1)]),        // all duplicates of the uncommitted group
        };
        await UntilPendingAsync(grain, 2 + 3 + 2 + 2);
        var answeredWhileHeld = behind.Append(first).Count(call => call.IsCompleted);
        var storedWhileHeld = Sql.SamplesOf(_cluster.Database, service);
        _commit.Release();
        var results = await Task.WhenAll(behind).WaitAsync(Patience);
        var firstResult = await first;

        Assert.Equal(0, answeredWhileHeld);
        Assert.Equal(1, storedWhileHeld);
        Assert.Equal(2, _commit.Commits - commitsBefore);
        Assert.Equal(new IngestResult(2, 2, 0), firstResult);
        Assert.Equal(
            [new IngestResult(3, 3, 0), new IngestResult(2, 2, 0), new IngestResult(3, 2, 1), new IngestResult(1, 0, 1)],
            results);
        Assert.Equal(10, Sql.SamplesOf(_cluster.Database, service));
        Assert.Equal(10, Sql.Count(_cluster.Database,
            "SELECT count(*) FROM (SELECT DISTINCT series_id, ts FROM metric_samples WHERE service = $s)", ("s", service)));
        var status = await grain.GetStatusAsync();
        Assert.Equal(0, status.SamplesPending);
        Assert.Equal(10, status.SamplesStored);
        Assert.Equal(3, status.SeriesCount);
    }

    [Fact]
    public async Task A_failed_group_fails_every_request_waiting_on_it_with_a_retryable_status_and_the_resend_is_stored_once()
    {
        var service = Names.Unique("groupfail");
        var source = _cluster.Get<RemoteWriteSource>();
        var now = TimeProvider.System.GetUtcNow().AddMinutes(-30).ToUnixTimeMilliseconds();
        var bodies = Enumerable.Range(0, 4).Select(i => WriteRequestEncoder.Compressed([RemoteSeries.Of("group_requests_total",
            [("instance", $"i{i}"), ("service", service)], [.. Enumerable.Range(0, 3).Select(s => (now + (s * 15_000L), (double)s))])])).ToArray();
        var grain = _cluster.Client.GetGrain<IServiceGrain>(service);
        await grain.GetStatusAsync();

        _commit.Hold();
        var first = source.WriteAsync(bodies[0], CancellationToken.None);
        await _commit.Reached.WaitAsync(Patience);
        var behind = bodies[1..].Select(body => source.WriteAsync(body, CancellationToken.None)).ToArray();
        await UntilPendingAsync(grain, 4 * 3);
        _commit.DiskFull();
        _commit.Release();
        var failed = await Task.WhenAll(behind.Prepend(first)).WaitAsync(Patience);
        var storedAfterFailure = Sql.SamplesOf(_cluster.Database, service);
        _commit.Recover();
        var resent = await Task.WhenAll(bodies.Concat(bodies).Select(body => source.WriteAsync(body, CancellationToken.None))).WaitAsync(Patience);

        Assert.All(failed, result => Assert.Equal(RemoteWriteStatus.Overloaded, result.Status));
        Assert.All(failed, result => Assert.Contains("No space left on device", result.Message, StringComparison.Ordinal));
        Assert.Equal(0, storedAfterFailure);
        Assert.All(resent, result => Assert.Equal(RemoteWriteStatus.Stored, result.Status));
        Assert.Equal(12, resent.Sum(result => result.Stored));
        Assert.Equal(12, resent.Sum(result => result.Dropped));
        Assert.Equal(12, Sql.SamplesOf(_cluster.Database, service));
        Assert.Equal(12, Sql.Count(_cluster.Database,
            "SELECT count(*) FROM (SELECT DISTINCT series_id, ts FROM metric_samples WHERE service = $s)", ("s", service)));
        Assert.Equal(0, (await grain.GetStatusAsync()).SamplesPending);
    }

    private static SeriesSamples Series(string service, string instance, params int[] minutes)
    {
        var sample = Metric(service, "up", Ms(minutes[0]), instance: instance);
        return new SeriesSamples(sample.Metric, sample.Labels, sample.SeriesId, [.. minutes.Select(Ms)], [.. minutes.Select(m => (double)m)]);
    }

    /// <summary>Waits until the grain holds <paramref name="samples"/> accepted samples waiting for a commit.</summary>
    private static async Task UntilPendingAsync(IServiceGrain grain, long samples)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        while ((await grain.GetStatusAsync()).SamplesPending != samples)
        {
            if (TimeProvider.System.GetElapsedTime(deadline) > Patience)
            {
                throw new TimeoutException($"the grain never held {samples} samples waiting for a commit");
            }
            await Task.Delay(10);
        }
    }
}
