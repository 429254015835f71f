-- The deployment that preceded each incident ($incidents: id, service, start_ts): the latest successful production
-- deployment (event.action = 'deployment', event.outcome = 'success', service.environment in $environments, compared
-- lower-case) of the same service that finished before the incident started — the link DORA's change failure rate
-- uses (analytics/Productivity/dora.sql, DevLake's project_incident_deployment_relationships) — and, for the report,
-- no more than $window_s seconds before it, so a deployment from weeks ago is not offered as the likely cause.
-- An event id stored twice is one deployment at its latest finish, as in dora.sql.
WITH envs AS (SELECT unnest(from_json(CAST($environments AS VARCHAR), '["VARCHAR"]')) AS env),
incidents AS (
    SELECT i.id, i.service, CAST(i.start_ts AS TIMESTAMP) AS start_ts
    FROM (SELECT unnest(from_json(CAST($incidents AS VARCHAR), '[{"id":"VARCHAR","service":"VARCHAR","start_ts":"VARCHAR"}]'), recursive := true)) i
),
deployments AS (
    SELECT event_id, service, max(ts) AS finished, max(service_version) AS version
    FROM log_events
    WHERE action = 'deployment' AND outcome = 'success' AND lower(environment) IN (SELECT env FROM envs)
      AND service IN (SELECT service FROM incidents)
      AND ts < (SELECT max(start_ts) FROM incidents)
    GROUP BY event_id, service
)
SELECT i.id, d.event_id, d.finished, d.version
FROM incidents i ASOF JOIN deployments d ON d.service = i.service AND i.start_ts > d.finished
WHERE epoch(i.start_ts) - epoch(d.finished) <= CAST($window_s AS DOUBLE)
ORDER BY i.id
