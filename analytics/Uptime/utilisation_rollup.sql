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
--
-- Three macros. The samples are grouped on integer keys only — a rollup group id per (dimension, resource, service,
-- metric) and the period — and the strings are joined back to the aggregated rows: with hourly samples there are as many
-- (group, hour) groups as samples, and grouping them under four string keys was 42 % of idle detection's time
-- (BENCHMARKS.md §13, §13b).

-- utilisation_series(metrics, resource_labels): one row per (series, dimension) of the wanted metrics with the series'
-- resource, group_id (dense rank of dimension, resource, service, metric: the rollup's group), resource_key (dense rank of
-- the resource) and counter (a *_total metric). Deterministic, so two evaluations in one query agree on the keys.
CREATE OR REPLACE TEMP MACRO utilisation_series(metrics, resource_labels) AS TABLE
WITH wanted AS (
    SELECT m.dimension, m.metric
    FROM (SELECT unnest(from_json(CAST(metrics AS VARCHAR), '[{"dimension":"VARCHAR","metric":"VARCHAR"}]'), recursive := true)) m
),
label_order AS (
    SELECT u.k, u.i
    FROM (SELECT unnest(from_json(CAST(resource_labels AS VARCHAR), '["VARCHAR"]')) AS k,
                 generate_subscripts(from_json(CAST(resource_labels AS VARCHAR), '["VARCHAR"]'), 1) AS i) u
),
resolved AS (
    SELECT ms.series_id, w.dimension, ms.metric, ms.service,
           coalesce(arg_min(json_extract_string(ms.labels, '$."' || l.k || '"'), l.i)
                        FILTER (WHERE json_extract_string(ms.labels, '$."' || l.k || '"') IS NOT NULL), ms.service) AS resource
    FROM metric_series ms
    JOIN wanted w ON w.metric = ms.metric
    CROSS JOIN label_order l
    GROUP BY ms.series_id, w.dimension, ms.metric, ms.service
)
SELECT series_id, dimension, metric, service, resource,
       dense_rank() OVER (ORDER BY dimension, resource, service, metric) AS group_id,
       dense_rank() OVER (ORDER BY resource) AS resource_key,
       ends_with(metric, '_total') AS counter
FROM resolved;

-- utilisation_rollup_keyed(from_ts, to_ts, bucket, metrics, resource_labels): the rollup by group_id (see
-- utilisation_series) and period: samples, avg_value, p95_value, max_value, coverage. Coverage is summed over the
-- group's series: present per (series, period), expected per series from its median interval.
CREATE OR REPLACE TEMP MACRO utilisation_rollup_keyed(from_ts, to_ts, bucket, metrics, resource_labels) AS TABLE
WITH series AS (
    SELECT series_id, group_id, counter FROM utilisation_series(metrics, resource_labels)
),
samples AS (
    SELECT series_id, ts, value,
           epoch(ts) - epoch(lag(ts) OVER per_series) AS gap_s,
           lag(value) OVER per_series AS prev_value
    FROM metric_points
    WHERE series_id IN (SELECT series_id FROM series)
      AND (CAST(from_ts AS TIMESTAMP) IS NULL OR ts >= CAST(from_ts AS TIMESTAMP))
      AND (CAST(to_ts AS TIMESTAMP) IS NULL OR ts < CAST(to_ts AS TIMESTAMP))
      AND isfinite(value)
    WINDOW per_series AS (PARTITION BY series_id ORDER BY ts)
),
intervals AS (
    SELECT series_id, median(gap_s) AS interval_s FROM samples GROUP BY series_id
),
per_series AS (
    SELECT series_id, date_trunc(CAST(bucket AS VARCHAR), ts) AS period, count(*) AS present
    FROM samples
    GROUP BY series_id, period
),
coverage AS (
    SELECT x.group_id, p.period,
           least(1.0, sum(p.present) / nullif(sum((CASE WHEN CAST(bucket AS VARCHAR) = 'day' THEN 86400.0 ELSE 3600.0 END) / i.interval_s), 0)) AS coverage
    FROM per_series p
    JOIN intervals i ON i.series_id = p.series_id
    JOIN series x ON x.series_id = p.series_id
    GROUP BY x.group_id, p.period
),
points AS (
    SELECT x.group_id, date_trunc(CAST(bucket AS VARCHAR), s.ts) AS period,
           CASE WHEN NOT x.counter THEN s.value
                WHEN s.gap_s IS NULL OR s.gap_s <= 0 THEN NULL
                WHEN s.value < s.prev_value THEN s.value / s.gap_s
                ELSE (s.value - s.prev_value) / s.gap_s END AS v
    FROM samples s
    JOIN series x ON x.series_id = s.series_id
),
stats AS (
    SELECT group_id, period, count(v) AS samples, avg(v) AS avg_value, quantile_cont(v, 0.95) AS p95_value, max(v) AS max_value
    FROM points
    GROUP BY group_id, period
)
SELECT s.group_id, s.period, s.samples, s.avg_value, s.p95_value, s.max_value, c.coverage
FROM stats s
LEFT JOIN coverage c ON c.group_id = s.group_id AND c.period = s.period;

CREATE OR REPLACE TEMP MACRO utilisation_rollup(from_ts, to_ts, bucket, metrics, resource_labels) AS TABLE
SELECT g.dimension, g.resource, g.service, cs.team, g.metric, r.period, r.samples, r.avg_value, r.p95_value, r.max_value, r.coverage
FROM utilisation_rollup_keyed(from_ts, to_ts, bucket, metrics, resource_labels) r
JOIN (SELECT DISTINCT group_id, dimension, resource, service, metric FROM utilisation_series(metrics, resource_labels)) g
  ON g.group_id = r.group_id
LEFT JOIN catalog_services cs ON cs.name = g.service;
