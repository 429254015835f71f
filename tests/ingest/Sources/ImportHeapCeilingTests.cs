using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Ingest.Tests.Sources;

/// <summary>
/// The cap on an import's garbage between collections (BENCHMARKS.md §28), on a simulated allocation counter and
/// collector: what the runtime would do is not something a test on a shared machine can pin down.
/// </summary>
public sealed class ImportHeapCeilingTests
{
    private const long Ceiling = 16L << 20;

    [Fact]
    public void An_import_whose_runtime_never_collects_is_collected_each_time_its_garbage_reaches_the_ceiling_and_never_holds_more()
    {
        var heap = new SimulatedHeap();
        var ceiling = new ImportHeapCeiling(Ceiling, () => heap.Allocated, () => heap.Collections, heap.Collect);
        const int perRecord = 2_000; // bytes a parsed log line costs, roughly
        const int records = 1_000_000;
        long mostGarbage = 0;

        for (var i = 0; i < records; i++)
        {
            heap.Allocate(perRecord);
            mostGarbage = Math.Max(mostGarbage, heap.Garbage);
            ceiling.Record();
        }

        // The file is ~2 GB of allocation: one collection at the first check past each ceiling's worth, and never more
        // than the ceiling plus one check's records uncollected, however long the file.
        const long perCheck = perRecord * (long)ImportHeapCeiling.RecordsPerCheck;
        var checksPerCollection = (Ceiling + perCheck - 1) / perCheck;
        Assert.Equal(records / ImportHeapCeiling.RecordsPerCheck / checksPerCollection, ceiling.Collected);
        Assert.True(mostGarbage <= Ceiling + perCheck, $"{mostGarbage} bytes uncollected");
        Assert.Equal(ceiling.Collected, heap.Collections);
    }

    [Fact]
    public void An_import_whose_runtime_collects_within_the_ceiling_by_itself_is_never_collected_for()
    {
        var heap = new SimulatedHeap { Budget = 8L << 20 };
        var ceiling = new ImportHeapCeiling(Ceiling, () => heap.Allocated, () => heap.Collections, () => Assert.Fail("collected"));

        for (var i = 0; i < 200_000; i++)
        {
            heap.Allocate(2_000);
            ceiling.Record();
        }

        Assert.Equal(0, ceiling.Collected);
        Assert.True(heap.Collections > 40, $"the runtime collected {heap.Collections} times");
    }

    [Fact]
    public void Records_between_checks_never_read_the_counters()
    {
        var reads = 0;
        var ceiling = new ImportHeapCeiling(Ceiling, () => { reads++; return 0; }, () => 0, () => { });
        reads = 0;

        for (var i = 0; i < ImportHeapCeiling.RecordsPerCheck * 3; i++)
        {
            ceiling.Record();
        }

        Assert.Equal(3, reads);
    }

    /// <summary>An allocation counter and a collector; with a <see cref="Budget"/> it also collects by itself, as the runtime does.</summary>
    private sealed class SimulatedHeap
    {
        public long Allocated { get; private set; }

        public int Collections { get; private set; }

        public long Garbage { get; private set; }

        public long Budget { get; init; } = long.MaxValue;

        public void Allocate(long bytes)
        {
            Allocated += bytes;
            Garbage += bytes;
            if (Garbage >= Budget)
            {
                Collect();
            }
        }

        public void Collect()
        {
            Collections++;
            Garbage = 0;
        }
    }
}
