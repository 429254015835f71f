-- The platform KPIs of the seed that DevLake does not compute, per $scope ('service', 'team', 'org') over the window
-- [$from, $to) and the baseline period [$base_from, $base_to), from log_events (ECS):
-- * CI: event.action = 'build'; builds, successes (event.outcome = 'success') and failures; duration p50 / p95 from
--   event.duration (nanoseconds, ECS), as quantile_cont (linearly interpolated percentiles).
-- * Development cycle time: first commit (labels.first_commit_at) → successful production deployment (@timestamp),
--   the DORA lead time, as DevLake's median (the lower middle value), in the window and the baseline. As in dora.sql an
--   event id stored twice (re-sent at two timestamps) is one deployment, at its latest finish before $to with the
--   latest first commit of its copies, so it is counted once, in the period where that finish falls.
-- * Environment setup: event.action = 'environment-provisioned' (the issue's convention) or 'environment-provisioning'
--   (the demo generator's), successful ones; event.duration p50 / p95 in the window and the baseline; self-service
--   when labels.self_service = 'true' (or, as the demo writes it, labels.requested_via = 'platform').
-- * Platform adoption (the seed's KPI, not DevLake's): services (and teams) of the catalog with at least one successful
--   production deployment in the window made through the platform — one whose pipeline field (ProductivityOptions.
--   PlatformField, default labels.pipeline: read from the labels when $pipeline_in_labels, else from the stored ECS
--   document, nested path $pipeline_path first, then the flattened key $pipeline_flat_path) has a value in $pipelines
--   (default ["platform"]); '*' in $pipelines counts every successful production deployment. A deployment without the
--   field is not through the platform: adoption measures use of the platform, which only a marker can show.
-- * Error logs: events that are not delivery events (action not deployment / incident / build / provisioning) at
--   log.level error, fatal or critical, and all such log lines, per service.
-- Groups as dora.sql: catalog services ('(no team)' without one) and any service with events, filtered by $service / $team.
WITH envs AS (SELECT unnest(from_json(CAST($environments AS VARCHAR), '["VARCHAR"]')) AS env),
pipelines AS (SELECT unnest(from_json(CAST($pipelines AS VARCHAR), '["VARCHAR"]')) AS pipeline),
catalog AS (SELECT name AS service, team FROM catalog_services),
deployments AS (
    SELECT event_id, service, max(ts) AS finished,
           max(epoch(try_cast(json_extract_string(labels, '$.first_commit_at') AS TIMESTAMPTZ))) AS first_commit_s
    FROM log_events
    WHERE action = 'deployment' AND outcome = 'success' AND lower(environment) IN (SELECT env FROM envs)
      AND ts < CAST($to AS TIMESTAMP) AND service <> '_unmapped'
      AND (CAST($service AS VARCHAR) IS NULL OR service = CAST($service AS VARCHAR))
    GROUP BY event_id, service
),
events AS (
    SELECT service, event_id, ts, action, outcome, level, duration_ns, labels, environment,
           action = 'deployment' AND outcome = 'success' AND lower(environment) IN (SELECT env FROM envs) AS production_deployment,
           ts >= CAST($from AS TIMESTAMP) AND ts < CAST($to AS TIMESTAMP) AS current,
           ts >= CAST($base_from AS TIMESTAMP) AND ts < CAST($base_to AS TIMESTAMP) AS baseline
    FROM log_events
    WHERE ((ts >= CAST($from AS TIMESTAMP) AND ts < CAST($to AS TIMESTAMP))
           OR (ts >= CAST($base_from AS TIMESTAMP) AND ts < CAST($base_to AS TIMESTAMP)))
      AND service <> '_unmapped'
      AND (CAST($service AS VARCHAR) IS NULL OR service = CAST($service AS VARCHAR))
),
platform_deployments AS (
    -- Its own scan: only successful production deployments of the window read the pipeline field (the raw document
    -- is read for those rows only, when the field is not a label).
    SELECT DISTINCT service
    FROM log_events
    WHERE action = 'deployment' AND outcome = 'success' AND lower(environment) IN (SELECT env FROM envs)
      AND ts >= CAST($from AS TIMESTAMP) AND ts < CAST($to AS TIMESTAMP) AND service <> '_unmapped'
      AND (CAST($service AS VARCHAR) IS NULL OR service = CAST($service AS VARCHAR))
      AND ('*' IN (SELECT pipeline FROM pipelines)
           OR CASE WHEN CAST($pipeline_in_labels AS BOOLEAN)
                   THEN coalesce(json_extract_string(labels, CAST($pipeline_path AS VARCHAR)), json_extract_string(labels, CAST($pipeline_flat_path AS VARCHAR)))
                   ELSE coalesce(json_extract_string(raw, CAST($pipeline_path AS VARCHAR)), json_extract_string(raw, CAST($pipeline_flat_path AS VARCHAR)))
              END IN (SELECT pipeline FROM pipelines))
),
members AS (
    SELECT m.service, c.team, c.service IS NOT NULL AS in_catalog,
           CASE CAST($scope AS VARCHAR) WHEN 'service' THEN m.service WHEN 'team' THEN coalesce(c.team, '(no team)') ELSE '(org)' END AS grp
    FROM (SELECT service FROM catalog UNION SELECT DISTINCT service FROM events WHERE current) m
    LEFT JOIN catalog c ON c.service = m.service
    WHERE (CAST($service AS VARCHAR) IS NULL OR m.service = CAST($service AS VARCHAR))
      AND (CAST($team AS VARCHAR) IS NULL OR c.team = CAST($team AS VARCHAR))
),
classified AS (
    SELECT e.*, m.grp,
           epoch(d.finished) - d.first_commit_s AS cycle_s,
           e.action IN ('environment-provisioned', 'environment-provisioning') AND coalesce(e.outcome, 'success') = 'success' AS setup,
           coalesce(json_extract_string(e.labels, '$.self_service') = 'true', json_extract_string(e.labels, '$.requested_via') = 'platform', false) AS self_service,
           e.action IS NULL OR e.action NOT IN ('deployment', 'incident', 'build', 'environment-provisioned', 'environment-provisioning') AS log_line
    FROM events e JOIN members m ON m.service = e.service
    LEFT JOIN deployments d ON d.service = e.service AND d.event_id = e.event_id AND d.finished = e.ts AND e.production_deployment
),
figures AS (
    SELECT grp,
           count(*) FILTER (WHERE current AND action = 'build') AS builds,
           count(*) FILTER (WHERE current AND action = 'build' AND outcome = 'success') AS builds_succeeded,
           count(*) FILTER (WHERE current AND action = 'build' AND outcome = 'failure') AS builds_failed,
           quantile_cont(duration_ns / 1e9, 0.5) FILTER (WHERE current AND action = 'build' AND duration_ns >= 0) AS build_p50_s,
           quantile_cont(duration_ns / 1e9, 0.95) FILTER (WHERE current AND action = 'build' AND duration_ns >= 0) AS build_p95_s,
           count(cycle_s) FILTER (WHERE current AND cycle_s >= 0) AS cycle_count,
           list_sort(list(cycle_s) FILTER (WHERE current AND cycle_s >= 0))[(count(cycle_s) FILTER (WHERE current AND cycle_s >= 0) - 1) // 2 + 1] AS cycle_median_s,
           count(cycle_s) FILTER (WHERE baseline AND cycle_s >= 0) AS base_cycle_count,
           list_sort(list(cycle_s) FILTER (WHERE baseline AND cycle_s >= 0))[(count(cycle_s) FILTER (WHERE baseline AND cycle_s >= 0) - 1) // 2 + 1] AS base_cycle_median_s,
           count(*) FILTER (WHERE current AND setup AND duration_ns >= 0) AS setups,
           quantile_cont(duration_ns / 1e9, 0.5) FILTER (WHERE current AND setup AND duration_ns >= 0) AS setup_p50_s,
           quantile_cont(duration_ns / 1e9, 0.95) FILTER (WHERE current AND setup AND duration_ns >= 0) AS setup_p95_s,
           count(*) FILTER (WHERE baseline AND setup AND duration_ns >= 0) AS base_setups,
           quantile_cont(duration_ns / 1e9, 0.5) FILTER (WHERE baseline AND setup AND duration_ns >= 0) AS base_setup_p50_s,
           quantile_cont(duration_ns / 1e9, 0.95) FILTER (WHERE baseline AND setup AND duration_ns >= 0) AS base_setup_p95_s,
           count(*) FILTER (WHERE current AND setup) AS provisioned,
           count(*) FILTER (WHERE current AND setup AND self_service) AS self_service,
           count(*) FILTER (WHERE current AND log_line) AS log_lines,
           count(*) FILTER (WHERE current AND log_line AND lower(level) IN ('error', 'fatal', 'critical', 'crit', 'alert', 'emergency')) AS error_logs
    FROM classified
    GROUP BY grp
),
adoption AS (
    SELECT m.grp,
           count(DISTINCT m.service) FILTER (WHERE m.in_catalog) AS catalog_services,
           count(DISTINCT a.service) FILTER (WHERE m.in_catalog) AS adopted_services,
           count(DISTINCT m.team) AS catalog_teams,
           count(DISTINCT CASE WHEN a.service IS NOT NULL THEN m.team END) AS adopted_teams
    FROM members m
    LEFT JOIN platform_deployments a ON a.service = m.service
    GROUP BY m.grp
)
SELECT a.grp, CASE WHEN count(DISTINCT m.team) = 1 THEN min(m.team) END AS team,
       any_value(a.catalog_services), any_value(a.adopted_services), any_value(a.catalog_teams), any_value(a.adopted_teams),
       coalesce(any_value(f.builds), 0), coalesce(any_value(f.builds_succeeded), 0), coalesce(any_value(f.builds_failed), 0),
       any_value(f.build_p50_s), any_value(f.build_p95_s),
       coalesce(any_value(f.cycle_count), 0), any_value(f.cycle_median_s), coalesce(any_value(f.base_cycle_count), 0), any_value(f.base_cycle_median_s),
       coalesce(any_value(f.setups), 0), any_value(f.setup_p50_s), any_value(f.setup_p95_s),
       coalesce(any_value(f.base_setups), 0), any_value(f.base_setup_p50_s), any_value(f.base_setup_p95_s),
       coalesce(any_value(f.provisioned), 0), coalesce(any_value(f.self_service), 0),
       coalesce(any_value(f.log_lines), 0), coalesce(any_value(f.error_logs), 0)
FROM adoption a
JOIN members m ON m.grp = a.grp
LEFT JOIN figures f ON f.grp = a.grp
GROUP BY a.grp
ORDER BY a.grp
