-- Incidents that start in [$from, $to), as known at $to (an incident still running then is open: end_ts NULL).
-- From the probe SLI (the same probe metric the availability uses: $probe_metrics in order of preference, for
-- services whose SLI is the probe — catalog insights.platform/sli, else probe when present): an incident starts at
-- the first failing sample (value < 1) and ends at the first succeeding one after it, per series; probe incidents
-- shorter than $min_seconds are dropped (flapping), open ones are kept. Missing samples neither start nor end one.
-- From the request SLI (services whose SLI is requests — catalog insights.platform/sli, else services with request
-- counters $request_metrics and no probe): the counters' increase (resets counted as restarts from 0, as
-- service_sli.sql) summed per service per $bucket_s bucket; a bucket with traffic is failing when its error ratio
-- (5xx by $error_labels) exceeds $request_burn_rate × the error budget (1 − SLO), i.e. the SRE workbook's page-level
-- burn (14.4 by default) measured over one bucket. An incident starts at the first failing bucket and ends at the
-- start of the next bucket with traffic that is not failing; buckets without traffic neither start nor end one.
-- From events (log_events, ECS event.action = 'incident', as the SRE workbook's incident records): one incident per
-- labels.incident_id (else event.id), from event.start (else @timestamp) to event.end, events after $to ignored.
-- Spans of one service that overlap or touch are one incident (source probe+event): the same outage seen twice.
-- With $per_record (DORA, as Apache DevLake counts incidents: one per incident record) every incident event is its own
-- incident with its own start and end, and a detected (probe / request) outage counts only when no incident event of
-- its service overlaps it — then it is the record of an outage nobody filed.
-- Samples are read from $scan_from (= $from − lookback) so an outage already running at $from is not counted as
-- starting there.
-- Series are chosen in metric_series and the windows carry only (series_id, ts, value): their sorts are the query's
-- main cost, and the service and metric strings on every sample row doubled it (BENCHMARKS.md §10b).
WITH probe_list AS (SELECT from_json(CAST($probe_metrics AS VARCHAR), '["VARCHAR"]') AS names),
request_list AS (SELECT from_json(CAST($request_metrics AS VARCHAR), '["VARCHAR"]') AS names),
teams AS (SELECT name AS service, team, slo_target, json_extract_string(annotations, '$."insights.platform/sli"') AS declared_sli FROM catalog_services),
probe_series AS (
    SELECT series_id, service, list_position((SELECT names FROM probe_list), metric) AS probe_rank
    FROM metric_series
    WHERE metric IN (SELECT unnest(names) FROM probe_list)
      AND service <> '_unmapped'
      AND (CAST($service AS VARCHAR) IS NULL OR service = CAST($service AS VARCHAR))
),
probe_samples AS (
    SELECT series_id, ts, value < 1 AS failing
    FROM metric_samples
    WHERE ts >= CAST($scan_from AS TIMESTAMP) AND ts < CAST($to AS TIMESTAMP)
      AND series_id IN (SELECT series_id FROM probe_series)
      AND NOT isnan(value)
),
probe_seen AS (
    SELECT * FROM probe_series WHERE series_id IN (SELECT DISTINCT series_id FROM probe_samples)
),
best AS (
    SELECT p.service, min(p.probe_rank) AS best_rank
    FROM probe_seen p
    LEFT JOIN teams t ON t.service = p.service
    WHERE coalesce(t.declared_sli, 'probe') = 'probe'
    GROUP BY p.service
),
marked AS (
    SELECT p.series_id, p.ts, p.failing,
           lag(p.failing) OVER (PARTITION BY p.series_id ORDER BY p.ts) AS was_failing
    FROM probe_samples p
    WHERE p.series_id IN (SELECT s.series_id FROM probe_seen s JOIN best b ON b.service = s.service AND s.probe_rank = b.best_rank)
),
changes AS (
    SELECT series_id, ts, failing, lead(ts) OVER (PARTITION BY series_id ORDER BY ts) AS next_change
    FROM marked
    WHERE was_failing IS NULL OR failing <> was_failing
),
probe_incidents AS (
    SELECT s.service, c.ts AS start_ts, c.next_change AS end_ts, 'probe' AS source, NULL AS incident_id
    FROM changes c
    JOIN probe_series s ON s.series_id = c.series_id
    WHERE c.failing AND (c.next_change IS NULL OR epoch(c.next_change) - epoch(c.ts) >= CAST($min_seconds AS DOUBLE))
),
request_series AS (
    SELECT series_id, service
    FROM metric_series
    WHERE metric IN (SELECT unnest(names) FROM request_list)
      AND service <> '_unmapped'
      AND (CAST($service AS VARCHAR) IS NULL OR service = CAST($service AS VARCHAR))
),
request_samples AS (
    SELECT s.service, r.series_id, r.ts, r.increase
    FROM (
        SELECT series_id, ts, CASE WHEN value < prev_value THEN value ELSE value - prev_value END AS increase
        FROM (
            SELECT series_id, ts, value, lag(value) OVER (PARTITION BY series_id ORDER BY ts) AS prev_value
            FROM metric_samples
            WHERE ts >= CAST($scan_from AS TIMESTAMP) AND ts < CAST($to AS TIMESTAMP)
              AND series_id IN (SELECT series_id FROM request_series)
              AND isfinite(value)
        )
        WHERE prev_value IS NOT NULL
    ) r
    JOIN request_series s ON s.series_id = r.series_id
),
request_services AS (
    SELECT r.service, coalesce(t.slo_target, CAST($default_slo AS DECIMAL(9, 6))) AS slo_target
    FROM (SELECT DISTINCT service FROM request_samples) r
    LEFT JOIN teams t ON t.service = r.service
    WHERE coalesce(t.declared_sli, CASE WHEN r.service IN (SELECT service FROM probe_seen) THEN 'probe' ELSE 'requests' END) = 'requests'
),
error_series AS (
    SELECT DISTINCT ms.series_id
    FROM metric_series ms, (SELECT unnest(from_json(CAST($error_labels AS VARCHAR), '["VARCHAR"]')) AS k) l
    WHERE ms.metric IN (SELECT unnest(names) FROM request_list)
      AND starts_with(json_extract_string(ms.labels, '$."' || l.k || '"'), '5')
),
request_buckets AS (
    SELECT r.service, time_bucket(to_seconds(CAST($bucket_s AS BIGINT)), r.ts) AS bucket,
           sum(CASE WHEN e.series_id IS NOT NULL THEN r.increase ELSE 0 END) AS errors, sum(r.increase) AS total
    FROM request_samples r
    LEFT JOIN error_series e ON e.series_id = r.series_id
    GROUP BY ALL
),
request_marked AS (
    SELECT service, bucket, failing, lag(failing) OVER (PARTITION BY service ORDER BY bucket) AS was_failing
    FROM (
        SELECT b.service, b.bucket,
               b.errors / b.total > CAST($request_burn_rate AS DOUBLE) * (1 - CAST(s.slo_target AS DOUBLE) / 100) AS failing
        FROM request_buckets b
        JOIN request_services s ON s.service = b.service
        WHERE b.total > 0
    )
),
request_changes AS (
    SELECT service, bucket, failing, lead(bucket) OVER (PARTITION BY service ORDER BY bucket) AS next_change
    FROM request_marked
    WHERE was_failing IS NULL OR failing <> was_failing
),
request_incidents AS (
    SELECT service, bucket AS start_ts, next_change AS end_ts, 'requests' AS source, NULL AS incident_id
    FROM request_changes
    WHERE failing AND (next_change IS NULL OR epoch(next_change) - epoch(bucket) >= CAST($min_seconds AS DOUBLE))
),
event_incidents AS (
    SELECT service, min(coalesce(event_start, ts)) AS start_ts,
           CASE WHEN bool_and(event_end IS NULL) THEN NULL ELSE max(event_end) END AS end_ts,
           'event' AS source, coalesce(json_extract_string(labels, '$.incident_id'), event_id) AS incident_id
    FROM log_events
    WHERE action = 'incident' AND ts < CAST($to AS TIMESTAMP) AND service <> '_unmapped'
      AND (CAST($service AS VARCHAR) IS NULL OR service = CAST($service AS VARCHAR))
    GROUP BY service, coalesce(json_extract_string(labels, '$.incident_id'), event_id)
),
spans AS (
    SELECT *, coalesce(end_ts, CAST('infinity' AS TIMESTAMP)) AS end_key FROM probe_incidents
    UNION ALL
    SELECT *, coalesce(end_ts, CAST('infinity' AS TIMESTAMP)) AS end_key FROM request_incidents
    UNION ALL
    SELECT *, coalesce(end_ts, CAST('infinity' AS TIMESTAMP)) AS end_key FROM event_incidents
),
ordered AS (
    SELECT *, max(end_key) OVER (PARTITION BY service ORDER BY start_ts, end_key, source
                                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS running_end
    FROM spans
),
grouped AS (
    SELECT *, sum(CASE WHEN running_end IS NULL OR start_ts > running_end THEN 1 ELSE 0 END)
                  OVER (PARTITION BY service ORDER BY start_ts, end_key, source ROWS UNBOUNDED PRECEDING) AS grp
    FROM ordered
),
merged AS (
    SELECT service, min(start_ts) AS start_ts, max(end_key) AS end_key,
           string_agg(DISTINCT source, '+' ORDER BY source DESC) AS source,
           min(incident_id) AS incident_id
    FROM grouped
    GROUP BY service, grp
),
records AS (
    SELECT service, start_ts, end_key, source, incident_id FROM grouped WHERE source = 'event'
    UNION ALL
    SELECT service, min(start_ts), max(end_key), string_agg(DISTINCT source, '+' ORDER BY source DESC), NULL
    FROM grouped
    GROUP BY service, grp
    HAVING bool_and(source <> 'event')
),
chosen AS (
    SELECT * FROM merged WHERE NOT CAST($per_record AS BOOLEAN)
    UNION ALL
    SELECT * FROM records WHERE CAST($per_record AS BOOLEAN)
)
SELECT coalesce(m.incident_id, m.service || '@' || strftime(m.start_ts, '%Y-%m-%dT%H:%M:%SZ')) AS id,
       m.service, t.team, m.start_ts,
       CASE WHEN isinf(m.end_key) THEN NULL ELSE m.end_key END AS end_ts,
       m.source
FROM chosen m
LEFT JOIN teams t ON t.service = m.service
WHERE m.start_ts >= CAST($from AS TIMESTAMP) AND m.start_ts < CAST($to AS TIMESTAMP)
  AND (CAST($team AS VARCHAR) IS NULL OR t.team = CAST($team AS VARCHAR))
ORDER BY m.start_ts, m.service, m.incident_id
