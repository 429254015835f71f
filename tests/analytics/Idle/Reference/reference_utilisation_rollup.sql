-- TEST-ONLY REFERENCE: utilisation_rollup as it was before BENCHMARKS.md §13b (grouped on the dimension, resource,
-- service, team and metric strings), renamed reference_utilisation_rollup. IdleRollupEquivalenceProperties checks the
-- integer-keyed analytics/Uptime/utilisation_rollup.sql and Idle/idle_resources.sql give the same statistics and findings.
--
-- utilisation_rollup(from_ts, to_ts, bucket, metrics, resource_labels): resource utilisation per hour or day for the
-- idle-resource and rightsizing analyses — per dimension (cpu, memory, network_in, network_out, network, disk_io, disk),
-- resource, metric and period (date_trunc(bucket, ts), bucket 'hour' | 'day'): samples, avg, p95 (continuous quantile,
-- as PromQL's quantile_over_time), max, and coverage = samples present / samples expected at the series' scrape
-- interval (the median gap between its samples), so a quiet resource and a resource without data are told apart.
-- metrics: JSON [{"dimension","metric"}] (Insights:Uptime:Utilisation); a metric named *_total is a counter and its
-- per-second rate between consecutive samples is rolled up (a drop is a reset: the new value counts from 0, as
-- Prometheus's rate()); other metrics are gauges. The resource is the first of resource_labels (JSON list, e.g.
-- resource_id, instance, pod) the series carries, else its service. ts in [from_ts, to_ts) (NULL = unbounded).
-- Output: dimension, resource, service, team (catalog), metric, period, samples, avg_value, p95_value, max_value, coverage.
CREATE OR REPLACE TEMP MACRO reference_utilisation_rollup(from_ts, to_ts, bucket, metrics, resource_labels) AS TABLE
WITH wanted AS (
    SELECT m.dimension, m.metric
    FROM (SELECT unnest(from_json(CAST(metrics AS VARCHAR), '[{"dimension":"VARCHAR","metric":"VARCHAR"}]'), recursive := true)) m
),
label_order AS (
    SELECT u.k, u.i
    FROM (SELECT unnest(from_json(CAST(resource_labels AS VARCHAR), '["VARCHAR"]')) AS k,
                 generate_subscripts(from_json(CAST(resource_labels AS VARCHAR), '["VARCHAR"]'), 1) AS i) u
),
series AS (
    SELECT ms.series_id, w.dimension, ms.metric, ms.service,
           coalesce(arg_min(json_extract_string(ms.labels, '$."' || l.k || '"'), l.i)
                        FILTER (WHERE json_extract_string(ms.labels, '$."' || l.k || '"') IS NOT NULL), ms.service) AS resource
    FROM metric_series ms
    JOIN wanted w ON w.metric = ms.metric
    CROSS JOIN label_order l
    GROUP BY ms.series_id, w.dimension, ms.metric, ms.service
),
samples AS (
    SELECT series_id, metric, ts, value,
           epoch(ts) - epoch(lag(ts) OVER per_series) AS gap_s,
           lag(value) OVER per_series AS prev_value
    FROM metric_samples
    WHERE metric IN (SELECT metric FROM wanted)
      AND (CAST(from_ts AS TIMESTAMP) IS NULL OR ts >= CAST(from_ts AS TIMESTAMP))
      AND (CAST(to_ts AS TIMESTAMP) IS NULL OR ts < CAST(to_ts AS TIMESTAMP))
      AND isfinite(value)
    WINDOW per_series AS (PARTITION BY series_id ORDER BY ts)
),
intervals AS (
    SELECT series_id, median(gap_s) AS interval_s FROM samples GROUP BY series_id
),
points AS (
    SELECT x.dimension, x.resource, x.service, x.metric, x.series_id, date_trunc(CAST(bucket AS VARCHAR), s.ts) AS period,
           CASE WHEN NOT ends_with(x.metric, '_total') THEN s.value
                WHEN s.gap_s IS NULL OR s.gap_s <= 0 THEN NULL
                WHEN s.value < s.prev_value THEN s.value / s.gap_s
                ELSE (s.value - s.prev_value) / s.gap_s END AS v
    FROM samples s
    JOIN series x ON x.series_id = s.series_id
),
per_series AS (
    SELECT p.dimension, p.resource, p.service, p.metric, p.period, p.series_id,
           count(*) AS present,
           (CASE WHEN CAST(bucket AS VARCHAR) = 'day' THEN 86400.0 ELSE 3600.0 END) / i.interval_s AS expected
    FROM points p
    JOIN intervals i ON i.series_id = p.series_id
    GROUP BY ALL
),
coverage AS (
    SELECT dimension, resource, service, metric, period,
           least(1.0, sum(present) / nullif(sum(expected), 0)) AS coverage
    FROM per_series
    GROUP BY ALL
)
SELECT p.dimension, p.resource, p.service, cs.team, p.metric, p.period,
       count(p.v) AS samples, avg(p.v) AS avg_value, quantile_cont(p.v, 0.95) AS p95_value, max(p.v) AS max_value,
       any_value(c.coverage) AS coverage
FROM points p
LEFT JOIN coverage c USING (dimension, resource, service, metric, period)
LEFT JOIN catalog_services cs ON cs.name = p.service
GROUP BY p.dimension, p.resource, p.service, cs.team, p.metric, p.period
