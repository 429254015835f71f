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
-- slices / slice: only the resources with hash(resource) % slices = slice (idle detection reads a large fleet in passes
-- of whole resources, so its window statistics fit the store's memory limit; 1 / 0 is every resource).
CREATE OR REPLACE TEMP MACRO utilisation_series(metrics, resource_labels, slices := 1, slice := 0) AS TABLE
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
FROM resolved
WHERE slices = 1 OR hash(resource) % slices = slice;

-- utilisation_rollup_keyed(from_ts, to_ts, bucket, metrics, resource_labels): the rollup by group_id (see
-- utilisation_series) and period: samples, avg_value, p95_value, max_value, coverage. Coverage is summed over the
-- group's series: present per (series, period), expected per series from its median interval.
-- One pass groups the samples per (series, period) with cheap aggregates (count, sum, max) and a second adds those up
-- per (group, period). avg and quantile_cont are computed from the samples only for the groups with two or more
-- values: for one value both are that value (and sum() of one value is it exactly), and with hourly samples that is
-- nearly every group — the per-group quantile state was the bulk of the rollup's time (BENCHMARKS.md §13b).
CREATE OR REPLACE TEMP MACRO utilisation_rollup_keyed(from_ts, to_ts, bucket, metrics, resource_labels, slices := 1, slice := 0) AS TABLE
WITH series AS (
    SELECT series_id, group_id, counter, count(*) OVER (PARTITION BY group_id) = 1 AS alone FROM utilisation_series(metrics, resource_labels, slices := slices, slice := slice)
),
series_kind AS (
    SELECT DISTINCT series_id, counter FROM series
),
samples AS (
    SELECT p.series_id, k.counter, p.ts, p.value,
           epoch(p.ts) - epoch(lag(p.ts) OVER per_series) AS gap_s,
           lag(p.value) OVER per_series AS prev_value,
           date_trunc(CAST(bucket AS VARCHAR), p.ts) = date_trunc(CAST(bucket AS VARCHAR), lag(p.ts) OVER per_series) AS repeated
    FROM metric_points p
    JOIN series_kind k ON k.series_id = p.series_id
    WHERE (CAST(from_ts AS TIMESTAMP) IS NULL OR p.ts >= CAST(from_ts AS TIMESTAMP))
      AND (CAST(to_ts AS TIMESTAMP) IS NULL OR p.ts < CAST(to_ts AS TIMESTAMP))
      AND isfinite(p.value)
    WINDOW per_series AS (PARTITION BY p.series_id ORDER BY p.ts)
),
-- Per series: the smallest and largest gap, and whether any period holds two of its samples.
series_shape AS (
    SELECT series_id, min(gap_s) AS min_gap, max(gap_s) AS max_gap, coalesce(bool_or(repeated), false) AS repeated
    FROM samples
    GROUP BY series_id
),
-- The median gap; when every gap is the same (a regular scrape) that gap is the median, and the per-value median state
-- is only built for the other series.
intervals AS (
    SELECT series_id, min_gap AS interval_s FROM series_shape WHERE min_gap = max_gap
    UNION ALL
    SELECT s.series_id, median(s.gap_s) AS interval_s
    FROM samples s
    SEMI JOIN series_shape t ON t.series_id = s.series_id AND (t.min_gap IS NULL OR t.min_gap <> t.max_gap)
    GROUP BY s.series_id
),
points AS (
    SELECT s.series_id, date_trunc(CAST(bucket AS VARCHAR), s.ts) AS period, t.repeated,
           CASE WHEN NOT s.counter THEN s.value
                WHEN s.gap_s IS NULL OR s.gap_s <= 0 THEN NULL
                WHEN s.value < s.prev_value THEN s.value / s.gap_s
                ELSE (s.value - s.prev_value) / s.gap_s END AS v
    FROM samples s
    JOIN series_shape t ON t.series_id = s.series_id
),
-- Per (series, period): a series with at most one sample in every period (hourly samples, hourly buckets) needs no
-- grouping: count, sum and max of one value are that value.
per_series AS (
    SELECT series_id, period, count(*) AS present, count(v) AS n, sum(v) AS total, max(v) AS top
    FROM points
    WHERE repeated
    GROUP BY series_id, period
    UNION ALL
    SELECT series_id, period, 1 AS present, CAST(v IS NOT NULL AS BIGINT) AS n, v AS total, v AS top
    FROM points
    WHERE NOT repeated
),
-- Per (group, period), the same way: a group of one series (the usual case) takes that series' figures as they are.
per_group AS (
    SELECT x.group_id, p.period, CAST(sum(p.n) AS BIGINT) AS samples, sum(p.total) AS total, max(p.top) AS max_value,
           least(1.0, sum(p.present) / nullif(sum((CASE WHEN CAST(bucket AS VARCHAR) = 'day' THEN 86400.0 ELSE 3600.0 END) / i.interval_s), 0)) AS coverage
    FROM per_series p
    JOIN intervals i ON i.series_id = p.series_id
    JOIN series x ON x.series_id = p.series_id
    WHERE NOT x.alone
    GROUP BY x.group_id, p.period
    UNION ALL
    SELECT x.group_id, p.period, p.n AS samples, p.total, p.top AS max_value,
           least(1.0, p.present / nullif((CASE WHEN CAST(bucket AS VARCHAR) = 'day' THEN 86400.0 ELSE 3600.0 END) / i.interval_s, 0)) AS coverage
    FROM per_series p
    JOIN intervals i ON i.series_id = p.series_id
    JOIN series x ON x.series_id = p.series_id
    WHERE x.alone
),
several AS (
    SELECT group_id, period FROM per_group WHERE samples > 1
),
-- Only a series with two samples in one period, or a group of several series, can make a group's period hold two values:
-- the filter keeps the other rows (with hourly samples, all of them) out of the join's hash table.
several_stats AS (
    SELECT x.group_id, p.period, avg(p.v) AS avg_value, quantile_cont(p.v, 0.95) AS p95_value
    FROM points p
    JOIN series x ON x.series_id = p.series_id
    SEMI JOIN several s ON s.group_id = x.group_id AND s.period = p.period
    WHERE p.repeated OR NOT x.alone
    GROUP BY x.group_id, p.period
)
SELECT g.group_id, g.period, g.samples,
       CASE WHEN g.samples > 1 THEN m.avg_value WHEN g.samples = 1 THEN g.total END AS avg_value,
       CASE WHEN g.samples > 1 THEN m.p95_value WHEN g.samples = 1 THEN g.total END AS p95_value,
       g.max_value, g.coverage
FROM per_group g
LEFT JOIN several_stats m ON m.group_id = g.group_id AND m.period = g.period;

CREATE OR REPLACE TEMP MACRO utilisation_rollup(from_ts, to_ts, bucket, metrics, resource_labels) AS TABLE
SELECT g.dimension, g.resource, g.service, cs.team, g.metric, r.period, r.samples, r.avg_value, r.p95_value, r.max_value, r.coverage
FROM utilisation_rollup_keyed(from_ts, to_ts, bucket, metrics, resource_labels) r
JOIN (SELECT DISTINCT group_id, dimension, resource, service, metric FROM utilisation_series(metrics, resource_labels)) g
  ON g.group_id = r.group_id
LEFT JOIN catalog_services cs ON cs.name = g.service;
