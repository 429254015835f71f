using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>
/// Production deployments as annotations, from <c>insights_last_deployment_timestamp_seconds</c> (the finish of each
/// series' latest deployment, held by <see cref="KpiHold"/>) with Grafana's "series value as timestamp": every point of
/// the range returns the finish of the deployment current then, in milliseconds, and Grafana folds equal (and
/// step-close) values into one event — one mark per deployment at its real finish, whatever the zoom or query step.
/// <c>changes(…[$__interval]) &gt; 0</c> was the alternative and is worse: it marks the evaluation after the
/// deployment, not the deployment (off by up to a step, hours at a 30-day zoom); it never sees a series' first
/// deployment, which is a new series, not a change; and a restart gap in the scrapes reads as a change.
/// A deployment replaced by the same series' next one within one evaluation step is not seen; Grafana would have
/// merged the two marks into one region anyway.
/// </summary>
public static class DeploymentAnnotations
{
    private const string Metric = "insights_last_deployment_timestamp_seconds";

    /// <param name="matchers">Label matchers of the deployments, e.g. <c>team="$team"</c>.</param>
    /// <param name="outcome"><c>success</c> or <c>failure</c>.</param>
    public static Annotation For(string name, string matchers, string outcome, string iconColor, string titleFormat) => new()
    {
        Name = name,
        Datasource = DataSourceRef.Prometheus,
        // Grafana reads the value as milliseconds; the gauge is in seconds (Prometheus's convention).
        Expr = KpiHold.Apply($"{Metric}{{{matchers},outcome=\"{outcome}\"}}") + " * 1000",
        Step = "60s",
        TitleFormat = titleFormat,
        TextFormat = "{{service}} to {{env}} ({{outcome}})",
        TagKeys = "team,service,env,outcome",
        UseValueForTime = true,
        IconColor = iconColor,
    };
}
