using Microsoft.Extensions.DependencyInjection;
using Platform.Insights.Analytics.Store;
using Platform.Insights.Analytics.Tests.Support;
using Orleans.Storage;
using Platform.Insights.Ingest.Grains;

namespace Platform.Insights.Analytics.Tests.Grains;

/// <summary>The grain storage on its own, with the silo's serializer and store: round trip and ETag checks.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class DuckDbGrainStorageTests(ClusterFixture fixture)
{
    private DuckDbGrainStorage Storage => ActivatorUtilities.CreateInstance<DuckDbGrainStorage>(fixture.Cluster.Services);

    private static GrainState<ImportState> State(int attempts, string? etag = null) =>
        new(new ImportState { Attempts = attempts }) { ETag = etag };

    [Fact]
    public async Task State_written_is_read_back_with_its_etag()
    {
        var id = GrainId.Create("import", Names.Unique("g"));
        var written = State(3);

        await Storage.WriteStateAsync("import", id, written);
        var read = State(0);
        await Storage.ReadStateAsync("import", id, read);

        Assert.True(read.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(3, read.State!.Attempts);
        Assert.Equal(1L, Sql.Count(fixture.Cluster.Database, "SELECT count(*) FROM grain_state WHERE grain_type = 'import' AND grain_id = $id", ("id", id.ToString())));
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var id = GrainId.Create("import", Names.Unique("g"));
        var first = State(1);
        await Storage.WriteStateAsync("import", id, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("import", id, State(9, "stale")));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("import", id, State(9)));

        var read = State(0);
        await Storage.ReadStateAsync("import", id, read);
        Assert.Equal(1, read.State!.Attempts);
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task Cleared_state_reads_as_absent()
    {
        var id = GrainId.Create("import", Names.Unique("g"));
        var state = State(2);
        await Storage.WriteStateAsync("import", id, state);

        await Storage.ClearStateAsync("import", id, state);
        var read = State(0);
        await Storage.ReadStateAsync("import", id, read);

        Assert.False(state.RecordExists);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(0L, Sql.Count(fixture.Cluster.Database, "SELECT count(*) FROM grain_state WHERE grain_id = $id", ("id", id.ToString())));
    }

    [Fact]
    public async Task Saves_queued_together_are_each_stored_and_a_stale_one_is_refused_alone()
    {
        var storage = Storage;
        var database = fixture.Cluster.Database;
        GrainId Id(string name) => GrainId.Create("import", Names.Unique(name));
        var existing = Enumerable.Range(0, 6).Select(_ => (Id: Id("u"), State: State(1))).ToList();
        foreach (var (id, state) in existing)
        {
            await storage.WriteStateAsync("import", id, state);
        }
        var staleId = Id("stale");
        await storage.WriteStateAsync("import", staleId, State(1));
        var taken = Id("taken");
        await storage.WriteStateAsync("import", taken, State(1));
        var fresh = Enumerable.Range(0, 6).Select(_ => (Id: Id("i"), State: State(5))).ToList();

        // The store's one writer is held, so every save below queues behind it and they are written together.
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new ManualResetEventSlim();
        // On a thread of its own: WriteAsync runs its callback on the caller's thread when the writer is free.
        var holding = Task.Run(() => database.WriteAsync(_ =>
        {
            held.SetResult();
            release.Wait(TimeSpan.FromSeconds(10));
        }, CancellationToken.None));
        await held.Task;
        var saves = existing.Select(e =>
        {
            e.State.State!.Attempts = 2;
            return storage.WriteStateAsync("import", e.Id, e.State);
        }).Concat(fresh.Select(f => storage.WriteStateAsync("import", f.Id, f.State))).ToList();
        var stale = storage.WriteStateAsync("import", staleId, State(9, "stale"));
        var secondInsert = storage.WriteStateAsync("import", taken, State(9));
        release.Set();
        await holding;

        await Task.WhenAll(saves).WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<InconsistentStateException>(() => stale.WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAsync<InconsistentStateException>(() => secondInsert.WaitAsync(TimeSpan.FromSeconds(10)));
        foreach (var (id, state) in existing.Concat(fresh))
        {
            var read = State(0);
            await storage.ReadStateAsync("import", id, read);
            Assert.Equal(state.State!.Attempts, read.State!.Attempts);
            Assert.Equal(state.ETag, read.ETag);
            Assert.True(state.RecordExists);
        }
        foreach (var id in new[] { staleId, taken })
        {
            var read = State(0);
            await storage.ReadStateAsync("import", id, read);
            Assert.Equal(1, read.State!.Attempts);
        }
    }
}
