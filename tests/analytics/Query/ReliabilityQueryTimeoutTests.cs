using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Insights.Analytics.Query;
using Platform.Insights.Ingest;

namespace Platform.Insights.Analytics.Tests.Query;

/// <summary>
/// <c>Insights:Query:StatementTimeout</c> on a real store: a statement that would run for hours (a cross join of two
/// 100,000-row ranges, 10¹⁰ rows) is interrupted inside DuckDB at the limit, the error names the limit, and the store
/// answers the next query. The clock is the real one: what is bounded is DuckDB's work, not a fake delay.
/// </summary>
public sealed class ReliabilityQueryTimeoutTests(QueryStoreFixture fixture) : IClassFixture<QueryStoreFixture>
{
    private const string CrossJoin = "SELECT sum(a.range * b.range) FROM range(100000) a, range(100000) b";

    [Fact]
    public async Task A_query_running_past_the_statement_timeout_is_interrupted_naming_the_limit_and_the_store_answers_the_next()
    {
        var query = new ReadOnlyQuery(fixture.Database, Options.Create(new QueryOptions { StatementTimeout = TimeSpan.FromSeconds(1) }), TimeProvider.System);
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<QueryTimeoutException>(() => query.RunAsync(CrossJoin, 10, CancellationToken.None));
        var stoppedAfter = clock.Elapsed;
        // The default limit for the next query: on a loaded CI machine even a small one can take a second.
        var next = await new ReadOnlyQuery(fixture.Database).RunAsync("SELECT count(*) FROM catalog_services", 10, CancellationToken.None);

        Assert.Contains("Insights:Query:StatementTimeout (1s)", failure.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(1), failure.Limit);
        // Generous for a loaded CI machine; the statement itself needs hours.
        Assert.InRange(stoppedAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(3L, Convert.ToInt64(next.Rows[0][0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_caller_that_goes_away_interrupts_its_query_and_is_not_told_it_timed_out()
    {
        var query = new ReadOnlyQuery(fixture.Database, Options.Create(new QueryOptions { StatementTimeout = TimeSpan.FromHours(1) }), TimeProvider.System);
        // The clock starts before the caller's timer, so it cannot read less than the timer's second for that reason; the
        // timer queue counts whole milliseconds (it fired at 999.85 ms by this clock once), hence the 10 ms allowance.
        var clock = Stopwatch.StartNew();
        using var caller = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        var failure = await Record.ExceptionAsync(() => query.RunAsync(CrossJoin, 10, caller.Token));

        Assert.NotNull(failure);
        Assert.IsNotType<QueryTimeoutException>(failure);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(60));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("02:00:00")]
    public void A_statement_timeout_outside_one_second_to_one_hour_fails_at_start_naming_the_key(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{QueryOptions.Section}:StatementTimeout"] = value,
        }).Build();
        var services = new ServiceCollection();
        services.AddValidatedOptions<QueryOptions>(configuration, QueryOptions.Section);
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<QueryOptions>>().Value);

        Assert.Contains("Insights:Query:StatementTimeout must be between 00:00:01 and 01:00:00", failure.Message, StringComparison.Ordinal);
    }
}
