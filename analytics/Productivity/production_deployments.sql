-- Production deployments with their outcome, for the deployment annotations (the gauge
-- insights_last_deployment_timestamp_seconds and its history). A production deployment is DORA's (Productivity/dora.sql,
-- Apache DevLake's rules): a log event with event.action = 'deployment' and service.environment in $environments
-- (production names, compared lower-case); its finish is @timestamp, and an event id stored twice is one deployment at
-- its latest finish, with the outcome of that latest record. Unlike DORA, failed ones are kept: outcome is ECS's
-- event.outcome, 'success' or 'failure' ('unknown' is neither and is left out).
-- Returns the deployments finished in [$from, $to) and, per service, environment and outcome, the latest one finished
-- before $from (what the gauge holds at $from); $from = $to gives only the latest per series, the live gauge.
-- team is the catalog's (catalog_services.team), '' for a service outside the catalog, as the DORA gauges label it.
WITH envs AS (SELECT unnest(from_json(CAST($environments AS VARCHAR), '["VARCHAR"]')) AS env),
deployments AS (
    SELECT event_id, service, lower(environment) AS env, lower(arg_max(outcome, ts)) AS outcome, max(ts) AS finished
    FROM log_events
    WHERE action = 'deployment' AND lower(environment) IN (SELECT env FROM envs)
      AND ts < CAST($to AS TIMESTAMP) AND service <> '_unmapped'
    GROUP BY event_id, service, lower(environment)
),
known AS (SELECT * FROM deployments WHERE outcome IN ('success', 'failure')),
before_range AS (
    SELECT service, env, outcome, max(finished) AS finished
    FROM known WHERE finished < CAST($from AS TIMESTAMP)
    GROUP BY service, env, outcome
),
picked AS (
    SELECT service, env, outcome, finished FROM known WHERE finished >= CAST($from AS TIMESTAMP)
    UNION ALL
    SELECT service, env, outcome, finished FROM before_range
)
SELECT p.service, coalesce(c.team, '') AS team, p.env, p.outcome, p.finished
FROM picked p
LEFT JOIN catalog_services c ON c.name = p.service
ORDER BY p.finished, p.service, p.env, p.outcome
