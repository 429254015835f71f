-- Idle-resource statistics, one row per resource (issue 8; rules: AWS Compute Optimizer / "idle EC2 instance" — P95 of
-- daily CPU maxima, daily averages, network per day; AWS Trusted Advisor "Low Utilization Amazon EC2 Instances";
-- kube-state-metrics requests vs cAdvisor usage for rightsizing). The thresholds are applied in C# (IdleClassifier), so
-- per-environment and per-tag thresholds need no second scan: this returns only threshold-free statistics.
-- Reads utilisation_rollup_keyed (Uptime/utilisation_rollup.sql, bucket 'hour') over [from, as_of) with the idle metrics
-- ($metrics: JSON [{dimension, metric}] from IdleMetricOptions; dimensions cpu_ratio, cpu_cores, mem_ratio, mem_bytes,
-- network, attached, connections, requests, healthy), groups the hours into days counted back from as_of
-- (days_ago 0 = the last 24 h), and joins FOCUS billing by ResourceId = the resource label.
-- Every per-hour and per-day grouping is keyed by integers (the rollup's group_id, utilisation_series' resource_key and
-- a dimension key) and the resource id string is joined back per resource at the end: with hourly samples those
-- groupings have about as many rows as samples, and string keys made them the bulk of the time (BENCHMARKS.md §13, §13b).
-- Parameters: $as_of, $from (scheduled lookback start), the window rules ($vm_days: VM / database, $k8s_days: Kubernetes /
-- load balancer, $environment_windows, $vm_tag, $k8s_tag, $max_window; see resource_windows), $billing_from, $metrics,
-- $resource_labels (JSON list), $requested, $terminated (JSON lists of kube-state-metrics names), and the pass $slice of
-- $slices: only resources with hash(resource) % $slices = $slice (IdleStatisticsQuery runs every pass; 1 / 0 is one pass).
WITH rollup_groups AS (
    SELECT group_id, dimension, resource_key, dimension_key, count(*) OVER (PARTITION BY resource_key, dimension_key) = 1 AS alone
    FROM (SELECT DISTINCT group_id, dimension, resource_key, dense_rank() OVER (ORDER BY dimension) AS dimension_key
          FROM utilisation_series($metrics, $resource_labels, slices := $slices, slice := $slice))
),
resource_keys AS (
    SELECT DISTINCT resource_key, resource FROM utilisation_series($metrics, $resource_labels, slices := $slices, slice := $slice)
),
dimensions AS (
    SELECT DISTINCT dimension_key, dimension FROM rollup_groups
),
rollup AS (
    SELECT g.resource_key, g.dimension_key, g.dimension = 'network' AS additive, g.alone, r.period, r.avg_value, r.p95_value, r.max_value, r.coverage
    FROM utilisation_rollup_keyed(CAST($from AS TIMESTAMP), CAST($as_of AS TIMESTAMP), 'hour', $metrics, $resource_labels, slices := $slices, slice := $slice) r
    JOIN rollup_groups g ON g.group_id = r.group_id
),
-- Several metrics of one dimension: network adds up (in + out), the others take the largest. A dimension the resource has
-- one metric for (the usual case) takes that metric's figures as they are: sum and max of one value are that value.
hourly_keyed AS (
    SELECT resource_key, dimension_key, additive, period,
           sum(avg_value) AS sum_avg, max(avg_value) AS max_avg,
           sum(p95_value) AS sum_p95, max(p95_value) AS max_p95,
           sum(max_value) AS sum_max, max(max_value) AS max_max,
           max(coverage) AS coverage
    FROM rollup
    WHERE NOT alone
    GROUP BY resource_key, dimension_key, additive, period
    UNION ALL
    SELECT resource_key, dimension_key, additive, period, avg_value, avg_value, p95_value, p95_value, max_value, max_value, coverage
    FROM rollup
    WHERE alone
),
hourly AS (
    SELECT h.resource_key, d.dimension, h.period,
           CASE WHEN h.additive THEN h.sum_avg ELSE h.max_avg END AS avg_value,
           CASE WHEN h.additive THEN h.sum_p95 ELSE h.max_p95 END AS p95_value,
           CASE WHEN h.additive THEN h.sum_max ELSE h.max_max END AS max_value,
           h.coverage
    FROM hourly_keyed h
    JOIN dimensions d ON d.dimension_key = h.dimension_key
),
hour_coverage AS (
    SELECT resource_key, period, max(coverage) AS coverage FROM hourly GROUP BY resource_key, period
),
day_coverage AS (
    SELECT resource_key, CAST(floor((epoch(CAST($as_of AS TIMESTAMP)) - epoch(period + INTERVAL 1 HOUR)) / 86400) AS INTEGER) AS days_ago,
           sum(coverage) / 24.0 AS coverage
    FROM hour_coverage
    GROUP BY ALL
),
days AS (
    SELECT resource_key, CAST(floor((epoch(CAST($as_of AS TIMESTAMP)) - epoch(period + INTERVAL 1 HOUR)) / 86400) AS INTEGER) AS days_ago,
           avg(avg_value) FILTER (WHERE dimension = 'cpu_ratio') AS cpu_avg,
           max(max_value) FILTER (WHERE dimension = 'cpu_ratio') AS cpu_max,
           avg(avg_value) FILTER (WHERE dimension = 'cpu_cores') AS cores_avg,
           max(max_value) FILTER (WHERE dimension = 'cpu_cores') AS cores_max,
           -- bytes in the day: each hour's mean rate over its 3,600 s
           sum(avg_value * 3600) FILTER (WHERE dimension = 'network') AS network_bytes,
           max(max_value) FILTER (WHERE dimension = 'attached') AS attached_max,
           max(max_value) FILTER (WHERE dimension = 'connections') AS connections_max,
           sum(avg_value * 3600) FILTER (WHERE dimension = 'requests') AS requests,
           max(max_value) FILTER (WHERE dimension = 'healthy') AS healthy_max,
           -- coverage per statistic, so a resource whose network is scraped but whose CPU is not is still undetermined
           least(1.0, greatest(coalesce(sum(coverage) FILTER (WHERE dimension = 'cpu_ratio'), 0), coalesce(sum(coverage) FILTER (WHERE dimension = 'cpu_cores'), 0)) / 24.0) AS cpu_coverage,
           least(1.0, coalesce(sum(coverage) FILTER (WHERE dimension = 'network'), 0) / 24.0) AS network_coverage,
           least(1.0, coalesce(sum(coverage) FILTER (WHERE dimension = 'attached'), 0) / 24.0) AS attached_coverage,
           least(1.0, coalesce(sum(coverage) FILTER (WHERE dimension = 'connections'), 0) / 24.0) AS connections_coverage,
           least(1.0, greatest(coalesce(sum(coverage) FILTER (WHERE dimension = 'requests'), 0), coalesce(sum(coverage) FILTER (WHERE dimension = 'healthy'), 0)) / 24.0) AS load_balancer_coverage
    FROM hourly
    GROUP BY ALL
),
day_lists AS (
    SELECT d.resource_key,
           list({'days_ago': d.days_ago, 'coverage': c.coverage, 'cpu_avg': d.cpu_avg, 'cpu_max': d.cpu_max,
                 'cores_avg': d.cores_avg, 'cores_max': d.cores_max, 'network_bytes': d.network_bytes,
                 'attached_max': d.attached_max, 'connections_max': d.connections_max, 'requests': d.requests,
                 'healthy_max': d.healthy_max, 'cpu_coverage': d.cpu_coverage, 'network_coverage': d.network_coverage,
                 'attached_coverage': d.attached_coverage, 'connections_coverage': d.connections_coverage,
                 'load_balancer_coverage': d.load_balancer_coverage} ORDER BY d.days_ago) AS days
    FROM days d
    JOIN day_coverage c USING (resource_key, days_ago)
    GROUP BY d.resource_key
),
label_order AS (
    SELECT u.k, u.i
    FROM (SELECT unnest(from_json(CAST($resource_labels AS VARCHAR), '["VARCHAR"]')) AS k,
                 generate_subscripts(from_json(CAST($resource_labels AS VARCHAR), '["VARCHAR"]'), 1) AS i) u
),
wanted AS (
    SELECT m.metric FROM (SELECT unnest(from_json(CAST($metrics AS VARCHAR), '[{"dimension":"VARCHAR","metric":"VARCHAR"}]'), recursive := true)) m
    UNION SELECT unnest(from_json(CAST($requested AS VARCHAR), '["VARCHAR"]'))
    UNION SELECT unnest(from_json(CAST($terminated AS VARCHAR), '["VARCHAR"]'))
),
-- The same resource resolution as utilisation_rollup: the first resource label the series carries, else its service.
series AS (
    SELECT ms.series_id, ms.metric, ms.service, any_value(ms.labels) AS labels,
           coalesce(arg_min(json_extract_string(ms.labels, '$."' || l.k || '"'), l.i)
                        FILTER (WHERE json_extract_string(ms.labels, '$."' || l.k || '"') IS NOT NULL), ms.service) AS resource
    FROM metric_series ms
    CROSS JOIN label_order l
    WHERE ms.metric IN (SELECT metric FROM wanted)
    GROUP BY ms.series_id, ms.metric, ms.service
    HAVING $slices = 1 OR hash(resource) % $slices = $slice
),
attributes AS (
    SELECT resource,
           any_value(json_extract_string(labels, '$.resource_type')) FILTER (WHERE json_extract_string(labels, '$.resource_type') IS NOT NULL) AS resource_type,
           any_value(coalesce(json_extract_string(labels, '$.env'), json_extract_string(labels, '$.environment'))) FILTER (WHERE coalesce(json_extract_string(labels, '$.env'), json_extract_string(labels, '$.environment')) IS NOT NULL) AS environment,
           any_value(json_extract_string(labels, '$.team')) FILTER (WHERE json_extract_string(labels, '$.team') IS NOT NULL) AS team_label,
           any_value(json_extract_string(labels, '$.service')) FILTER (WHERE json_extract_string(labels, '$.service') IS NOT NULL) AS service_label
    FROM series
    GROUP BY resource
),
kube_values AS (
    SELECT s.series_id, arg_max(s.value, s.ts) AS last_value, max(s.value) AS max_value
    FROM metric_samples s
    WHERE s.metric IN (SELECT unnest(from_json(CAST($requested AS VARCHAR), '["VARCHAR"]'))
                       UNION SELECT unnest(from_json(CAST($terminated AS VARCHAR), '["VARCHAR"]')))
      AND s.ts >= CAST($from AS TIMESTAMP) AND s.ts < CAST($as_of AS TIMESTAMP) AND isfinite(s.value)
    GROUP BY s.series_id
),
-- Requests are averaged per container series, like the usage the rollup averages per series: per-replica figures.
kube AS (
    SELECT x.resource,
           avg(v.last_value) FILTER (WHERE x.metric IN (SELECT unnest(from_json(CAST($requested AS VARCHAR), '["VARCHAR"]'))) AND json_extract_string(x.labels, '$.resource') = 'cpu') AS cpu_request_cores,
           avg(v.last_value) FILTER (WHERE x.metric IN (SELECT unnest(from_json(CAST($requested AS VARCHAR), '["VARCHAR"]'))) AND json_extract_string(x.labels, '$.resource') = 'memory') AS memory_request_bytes,
           coalesce(bool_or(v.max_value >= 1) FILTER (WHERE x.metric IN (SELECT unnest(from_json(CAST($terminated AS VARCHAR), '["VARCHAR"]'))) AND json_extract_string(x.labels, '$.reason') = 'OOMKilled'), false) AS oom_killed
    FROM kube_values v
    JOIN series x USING (series_id)
    GROUP BY x.resource
),
billing AS (
    SELECT ResourceId AS resource, BillingCurrency AS currency, count(*) AS billing_rows, sum(EffectiveCost) AS effective_cost,
           min(ChargePeriodStart) AS billing_start, max(ChargePeriodEnd) AS billing_end, arg_max(Tags, ChargePeriodStart) AS tags
    FROM focus_line_items
    WHERE ResourceId IS NOT NULL AND ChargePeriodStart >= CAST($billing_from AS TIMESTAMP) AND ChargePeriodStart < CAST($as_of AS TIMESTAMP)
    GROUP BY ResourceId, BillingCurrency
    -- A resource billed in two currencies: its savings are stated in the one most of its cost is in.
    QUALIFY row_number() OVER (PARTITION BY ResourceId ORDER BY sum(EffectiveCost) DESC, BillingCurrency) = 1
),
-- Each resource's rule windows (IdleWindows, resolved the same way in C#, which checks the two agree): its environment's
-- (the env / environment label, else the FOCUS tag; $environment_windows: [{environment (lower case), vm_days, k8s_days}]),
-- else the defaults $vm_days / $k8s_days; a tag $vm_tag / $k8s_tag holding a whole number of days from 1 to $max_window
-- overrides either (anything else in the tag is ignored).
environment_windows AS (
    SELECT e.environment, e.vm_days, e.k8s_days
    FROM (SELECT unnest(from_json(CAST($environment_windows AS VARCHAR), '[{"environment":"VARCHAR","vm_days":"INTEGER","k8s_days":"INTEGER"}]'), recursive := true)) e
),
resource_windows AS (
    SELECT r.resource_key,
           coalesce(CASE WHEN t.vm_tag = floor(t.vm_tag) AND t.vm_tag BETWEEN 1 AND $max_window THEN CAST(t.vm_tag AS INTEGER) END, ew.vm_days, $vm_days) AS vm_days,
           coalesce(CASE WHEN t.k8s_tag = floor(t.k8s_tag) AND t.k8s_tag BETWEEN 1 AND $max_window THEN CAST(t.k8s_tag AS INTEGER) END, ew.k8s_days, $k8s_days) AS k8s_days
    FROM (SELECT DISTINCT k.resource_key, k.resource FROM hourly_keyed h JOIN resource_keys k ON k.resource_key = h.resource_key) r
    LEFT JOIN attributes a USING (resource)
    LEFT JOIN billing b USING (resource)
    LEFT JOIN environment_windows ew
           ON ew.environment = lower(coalesce(a.environment, nullif(json_extract_string(b.tags, '$.env'), ''), nullif(json_extract_string(b.tags, '$.environment'), '')))
    CROSS JOIN LATERAL (SELECT TRY_CAST(json_extract_string(b.tags, '$."' || $vm_tag || '"') AS DOUBLE) AS vm_tag,
                               TRY_CAST(json_extract_string(b.tags, '$."' || $k8s_tag || '"') AS DOUBLE) AS k8s_tag) t
),
window_starts AS (
    SELECT resource_key, vm_days, k8s_days,
           CAST($as_of AS TIMESTAMP) - to_days(vm_days) AS vm_from, CAST($as_of AS TIMESTAMP) - to_days(k8s_days) AS k8s_from
    FROM resource_windows
),
-- Window statistics over hourly values, each over the resource's own windows (P95 of hourly P95s, P99 of hourly maxima:
-- never below the per-sample figure's typical value, so rounding errs towards "not idle").
windows AS (
    SELECT h.resource_key,
           quantile_cont(p95_value, 0.95) FILTER (WHERE dimension = 'cpu_cores' AND h.period >= rw.k8s_from) AS short_cpu_cores_p95,
           quantile_cont(p95_value, 0.95) FILTER (WHERE dimension = 'cpu_ratio' AND h.period >= rw.k8s_from) AS short_cpu_ratio_p95,
           avg(avg_value) FILTER (WHERE dimension = 'network' AND h.period >= rw.k8s_from) AS short_traffic_mean,
           quantile_cont(max_value, 0.99) FILTER (WHERE dimension = 'network' AND h.period >= rw.k8s_from) AS short_traffic_p99,
           max(max_value) FILTER (WHERE dimension = 'mem_bytes' AND h.period >= rw.k8s_from) AS short_mem_bytes_max,
           max(max_value) FILTER (WHERE dimension = 'mem_ratio' AND h.period >= rw.k8s_from) AS short_mem_ratio_max,
           quantile_cont(p95_value, 0.95) FILTER (WHERE dimension = 'cpu_ratio' AND h.period >= rw.vm_from) AS long_cpu_ratio_p95,
           max(max_value) FILTER (WHERE dimension = 'mem_ratio' AND h.period >= rw.vm_from) AS long_mem_ratio_max,
           min(h.period) AS first_hour,
           max(h.period) AS last_hour,
           any_value(rw.vm_days) AS vm_days,
           any_value(rw.k8s_days) AS k8s_days
    FROM hourly h
    JOIN window_starts rw USING (resource_key)
    GROUP BY h.resource_key
),
-- Service and catalog team per resource from its series (metric_series is small) rather than a second pass over the
-- rollup, which DuckDB would otherwise evaluate again over every sample (BENCHMARKS.md §13).
services AS (
    SELECT x.resource, any_value(x.service) AS service, any_value(cs.team) FILTER (WHERE cs.team IS NOT NULL) AS catalog_team
    FROM series x
    LEFT JOIN catalog_services cs ON cs.name = x.service
    WHERE x.metric IN (SELECT m.metric FROM (SELECT unnest(from_json(CAST($metrics AS VARCHAR), '[{"dimension":"VARCHAR","metric":"VARCHAR"}]'), recursive := true)) m)
    GROUP BY x.resource
)
SELECT rk.resource, coalesce(a.service_label, sv.service) AS service, coalesce(a.team_label, sv.catalog_team) AS team, a.environment, a.resource_type,
       w.first_hour, w.last_hour, CAST(to_json(d.days) AS VARCHAR) AS days,
       w.short_cpu_cores_p95, w.short_cpu_ratio_p95, w.short_traffic_mean, w.short_traffic_p99, w.short_mem_bytes_max, w.short_mem_ratio_max,
       w.long_cpu_ratio_p95, w.long_mem_ratio_max,
       k.cpu_request_cores, k.memory_request_bytes, coalesce(k.oom_killed, false) AS oom_killed,
       b.currency, b.billing_rows, b.effective_cost, b.billing_start, b.billing_end, CAST(b.tags AS VARCHAR) AS tags,
       w.vm_days, w.k8s_days
FROM windows w
JOIN resource_keys rk USING (resource_key)
JOIN day_lists d USING (resource_key)
LEFT JOIN attributes a USING (resource)
LEFT JOIN services sv USING (resource)
LEFT JOIN kube k USING (resource)
LEFT JOIN billing b USING (resource)
ORDER BY rk.resource
