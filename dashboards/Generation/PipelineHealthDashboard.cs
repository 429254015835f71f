using Platform.Insights.Dashboards.Model;

namespace Platform.Insights.Dashboards.Generation;

/// <summary>The pipeline's own health from its /metrics: ingest rates, drops and errors, the store writer's queue, remote
/// write and Prometheus pull, and how old the KPI gauges are.</summary>
public static class PipelineHealthDashboard
{
    private const string Rate = "[$__rate_interval]";

    public static Dashboard Build(DashboardSettings settings)
    {
        var layout = new DashboardLayout()
            .Row("Ingest")
            .Add(
                Panels.TimeSeries("Records received and stored per second",
                    [
                        new($"sum by (kind) (rate(insights_ingest_received_total{Rate}))", "{{kind}} received"),
                        new($"sum by (kind) (rate(insights_ingest_stored_total{Rate}))", "{{kind}} stored"),
                    ], "short", w: 8),
                Panels.TimeSeries("Dropped per second by reason", [new($"sum by (kind, reason) (rate(insights_ingest_dropped_total{Rate}))", "{{kind}} {{reason}}")],
                    "short", w: 8, description: "Duplicates, stale markers and NaN points are dropped by design; a growing rate is still worth a look."),
                Panels.TimeSeries("Errors per second", [new($"sum by (kind, source) (rate(insights_ingest_errors_total{Rate}))", "{{kind}} {{source}}")],
                    "short", w: 8, thresholds: Thresholds.Below(0.0001), targetLine: true))
            .Row("Store")
            .Add(
                Panels.TimeSeries("Store queue", [new("insights_store_queue_requests", "queued write requests")], "short", w: 8,
                    description: "Write requests waiting for the store writer; remote write answers 503 when the queue is nearly full."),
                Panels.TimeSeries("Rows written per second by table", [new($"sum by (table) (rate(insights_store_rows_written_total{Rate}))", "{{table}}")], "short", w: 8),
                Panels.TimeSeries("Transactions per second", [new($"sum by (outcome) (rate(insights_store_transactions_total{Rate}))", "{{outcome}}")], "short", w: 8))
            .Row("Remote write")
            .Add(
                Panels.TimeSeries("Remote write latency",
                    [
                        new($"histogram_quantile(0.5, sum by (le) (rate(insights_remote_write_request_duration_seconds_bucket{Rate})))", "p50"),
                        new($"histogram_quantile(0.99, sum by (le) (rate(insights_remote_write_request_duration_seconds_bucket{Rate})))", "p99"),
                    ], "s", w: 8),
                Panels.TimeSeries("Remote write requests by status", [new($"sum by (status) (rate(insights_remote_write_requests_total{Rate}))", "{{status}}")], "reqps", w: 8),
                Panels.TimeSeries("Remote write samples per second",
                    [
                        new($"sum(rate(insights_remote_write_samples_received_total{Rate}))", "received"),
                        new($"sum(rate(insights_remote_write_samples_stored_total{Rate}))", "stored"),
                        new($"sum by (reason) (rate(insights_remote_write_samples_dropped_total{Rate}))", "dropped {{reason}}"),
                    ], "short", w: 8))
            .Row("Prometheus pull")
            .Add(
                Panels.TimeSeries("Pull lag by query", [new("time() - insights_prometheus_pull_checkpoint_timestamp_seconds", "{{query}}")], "s", w: 8,
                    description: "How far each pulled query's checkpoint is behind now (the configured Lag plus any backlog)."),
                Panels.TimeSeries("Pull requests by outcome", [new($"sum by (query, outcome) (rate(insights_prometheus_pull_requests_total{Rate}))", "{{query}} {{outcome}}")],
                    "reqps", w: 8),
                Panels.TimeSeries("Pull errors and retries",
                    [
                        new($"sum by (query, reason) (rate(insights_prometheus_pull_errors_total{Rate}))", "{{query}} {{reason}}"),
                        new($"sum(rate(insights_prometheus_pull_retries_total{Rate}))", "retries"),
                    ], "short", w: 8))
            .Row("KPI refresh")
            .Add(
                Panels.Stat("KPI age", new("time() - insights_kpi_last_refresh_timestamp_seconds", "age"), "s", Thresholds.Below(900, atOrAbove: "orange"), w: 6,
                    description: "Time since the KPI gauges were last computed."),
                Panels.TimeSeries("KPI refresh duration", [new("insights_kpi_refresh_duration_seconds", "refresh")], "s", w: 18));
        return DashboardShell.Create(DashboardUids.Pipeline, "Insights · Pipeline health",
            "The pipeline's own /metrics: ingest rates, drops, errors, store queue, remote write latency, Prometheus pull lag and KPI refresh.",
            [], layout, ["pipeline"]);
    }
}
