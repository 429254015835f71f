using Platform.Insights.Analytics.Productivity;
using Platform.Insights.Dashboards.Kpis;

namespace Platform.Insights.Dashboards.Tests.Kpis;

/// <summary>
/// The deployment gauge's history: at every step the latest finish per series, and a point of its own at each deployment
/// that finished between steps, so two deployments within one step are two values (two annotations), not one.
/// </summary>
public sealed class KpiDeploymentSamplesTests
{
    private static readonly DateTime T0 = new(2026, 1, 8, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime[] Steps = [T0, T0.AddHours(1), T0.AddHours(2)];

    private static ProductionDeployment Web(DateTime finished, string outcome = "success") => new("web", "shop", "production", outcome, finished);

    private static double Seconds(DateTime at) => new DateTimeOffset(at).ToUnixTimeSeconds();

    [Fact]
    public void Deployments_between_steps_each_get_a_point_at_their_finish_and_every_step_holds_the_latest()
    {
        var before = Web(T0.AddDays(-1));
        var first = Web(T0.AddMinutes(10));
        var second = Web(T0.AddMinutes(40));
        var failed = Web(T0.AddMinutes(20), "failure");
        var history = KpiDeploymentSamples.History([before, first, failed, second], Steps);

        Assert.Equal([T0, T0.AddMinutes(10), T0.AddMinutes(20), T0.AddMinutes(40), T0.AddHours(1), T0.AddHours(2)], history.Select(h => h.At));
        var success = history.Select(h => h.Samples.SingleOrDefault(s => s.LabelValues[3] == "success")?.Value).ToList();
        Assert.Equal([Seconds(before.Finished), Seconds(first.Finished), null, Seconds(second.Finished), Seconds(second.Finished), Seconds(second.Finished)], success);
        var atOne = history.Single(h => h.At == T0.AddHours(1)).Samples;
        Assert.Equal(2, atOne.Count);
        Assert.All(atOne, s => Assert.Equal(KpiMetricCatalog.LastDeployment, s.Metric));
        Assert.Equal(["shop", "web", "production", "failure"], atOne.Single(s => s.LabelValues[3] == "failure").LabelValues);
    }

    [Fact]
    public void A_deployment_at_a_step_is_in_that_steps_point_and_none_before_any_deployment()
    {
        var atStep = Web(T0.AddHours(1));
        var history = KpiDeploymentSamples.History([atStep, Web(T0.AddHours(1))], Steps);

        // Nothing at T0 (no deployment yet: absent, not 0); one sample at the step, none duplicated.
        Assert.Equal([T0.AddHours(1), T0.AddHours(2)], history.Select(h => h.At));
        Assert.Equal(Seconds(atStep.Finished), Assert.Single(history[0].Samples).Value);
        Assert.Empty(KpiDeploymentSamples.History([], Steps));
    }
}
