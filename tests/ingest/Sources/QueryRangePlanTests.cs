using Platform.Insights.Ingest.Sources;

namespace Platform.Insights.Ingest.Tests.Sources;

public sealed class QueryRangePlanTests
{
    [Fact]
    public void Thirty_days_at_one_minute_take_four_requests_under_Prometheus_s_11000_point_limit()
    {
        var chunks = QueryRangePlan.Chunks(0, 30L * 86_400_000, 60_000, 11_000).ToList();

        Assert.Equal([11_000, 11_000, 11_000, 10_201], chunks.Select(c => c.Points));
        Assert.Equal(4, QueryRangePlan.Count(0, 30L * 86_400_000, 60_000, 11_000));
        Assert.Equal(30L * 86_400_000, chunks[^1].EndMs);
    }

    [Fact]
    public void A_window_ending_before_it_starts_needs_no_request_and_a_single_instant_needs_one_point()
    {
        Assert.Empty(QueryRangePlan.Chunks(120_000, 60_000, 60_000, 11_000));
        Assert.Equal(0, QueryRangePlan.Count(120_000, 60_000, 60_000, 11_000));
        Assert.Equal([new QueryRangeChunk(60_000, 60_000, 1)], QueryRangePlan.Chunks(60_000, 60_000, 60_000, 11_000));
    }

    [Fact]
    public void Chunks_are_contiguous_never_exceed_the_limit_and_cover_every_evaluation_once()
    {
        var random = new Random(20240301);
        for (var run = 0; run < 500; run++)
        {
            var step = random.Next(1, 400) * 1000L;
            var start = random.NextInt64(-1_000_000_000, 1_000_000_000) / step * step;
            var end = start + random.NextInt64(0, 5_000) * step;
            var max = random.Next(1, 300);

            var chunks = QueryRangePlan.Chunks(start, end, step, max).ToList();

            Assert.Equal(start, chunks[0].StartMs);
            Assert.Equal(end, chunks[^1].EndMs);
            Assert.All(chunks, c => Assert.InRange(c.Points, 1, max));
            Assert.All(chunks, c => Assert.Equal(c.StartMs + (c.Points - 1) * step, c.EndMs));
            Assert.All(chunks.Zip(chunks.Skip(1)), p => Assert.Equal(p.First.EndMs + step, p.Second.StartMs));
            Assert.Equal((end - start) / step + 1, chunks.Sum(c => (long)c.Points));
            Assert.Equal(chunks.Count, QueryRangePlan.Count(start, end, step, max));
        }
    }

    [Theory]
    [InlineData(90_000, 60_000, 60_000, 120_000)]
    [InlineData(120_000, 60_000, 120_000, 120_000)]
    [InlineData(-90_000, 60_000, -120_000, -60_000)]
    public void Times_align_to_multiples_of_the_step_since_the_epoch(long ms, long step, long down, long up)
    {
        Assert.Equal((down, up), (QueryRangePlan.AlignDown(ms, step), QueryRangePlan.AlignUp(ms, step)));
    }
}
