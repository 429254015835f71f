using Platform.Insights.Dashboards.Generation;

namespace Platform.Insights.Dashboards.Tests.Generation;

public sealed class KpiHoldTests
{
    [Theory]
    [InlineData("insights_availability_ratio{scope=\"org\"}", "last_over_time(insights_availability_ratio{scope=\"org\"}[1h])")]
    [InlineData("min by (team) (insights_availability_ratio{scope=\"team\"}) < 0.999",
        "min by (team) (last_over_time(insights_availability_ratio{scope=\"team\"}[1h])) < 0.999")]
    [InlineData("topk(10, insights_burn_rate)", "topk(10, last_over_time(insights_burn_rate[1h]))")]
    [InlineData("last_over_time(insights_burn_rate[1h])", "last_over_time(insights_burn_rate[1h])")]
    [InlineData("sum(rate(insights_ingest_stored_total[$__rate_interval]))", "sum(rate(insights_ingest_stored_total[$__rate_interval]))")]
    [InlineData("insights_store_queue_requests", "insights_store_queue_requests")]
    [InlineData("max_over_time(insights_cost_daily{currency=\"USD\"}[7d])", "max_over_time(insights_cost_daily{currency=\"USD\"}[7d])")]
    public void Kpi_gauge_selectors_hold_their_last_value_for_an_hour_and_everything_else_is_left_alone(string expr, string expected) =>
        Assert.Equal(expected, KpiHold.Apply(expr));
}
