using Platform.Insights.Analytics.Query;
using Platform.Insights.Analytics.Uptime;
using static Platform.Insights.Analytics.Tests.Support.Samples;

namespace Platform.Insights.Analytics.Tests.Lake;

/// <summary>
/// The uptime API's answer snapshots in cluster mode: another silo's samples reach the lake, not this silo's store writer,
/// so the snapshot must notice the lake's files changing, not only wait out <c>ApiFreshFor</c>.
/// </summary>
public sealed class LakeAnswerFreshnessTests
{
    private static readonly AnswerSnapshotOptions Policy = new(FreshFor: TimeSpan.FromMinutes(5), Wait: TimeSpan.FromSeconds(2), MaxAge: TimeSpan.FromMinutes(10), Capacity: 8);

    [Fact]
    public async Task A_cached_answer_on_one_silo_is_recomputed_when_another_silo_writes_to_the_lake_and_kept_while_nothing_changes()
    {
        await using var silo1 = new LakeFixture("silo1");
        await using var silo2 = new LakeFixture("silo2", lakeRoot: silo1.Root);
        await silo1.Store.AppendAsync("api", [Metric("api", "up", Ms(0), 1)], CancellationToken.None);
        using var answers = new AnswerSnapshots<string, long>(Policy, silo1.Time, UptimeApiAnswers.Changes(silo1.Database));
        var computations = 0;
        Task<long> CountAsync(CancellationToken _)
        {
            computations++;
            return Task.FromResult(silo1.Scalar<long>("SELECT count(*) FROM metric_samples"));
        }

        var first = await answers.GetAsync("samples", CountAsync, CancellationToken.None);
        var unchanged = await answers.GetAsync("samples", CountAsync, CancellationToken.None);
        Assert.Equal((1L, 1), (first.Value, computations));
        Assert.Same(first, unchanged);

        // The clock stands still, well inside ApiFreshFor: only the lake's listing can tell silo1 the answer is old.
        await silo2.Store.AppendAsync("api", [Metric("api", "up", Ms(1), 0)], CancellationToken.None);
        var afterOtherSilo = await answers.GetAsync("samples", CountAsync, CancellationToken.None);

        Assert.Equal((2L, false, 2), (afterOtherSilo.Value, afterOtherSilo.Stale, computations));
    }
}
