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
-- The probe window runs over a condensed series, not every sample (BENCHMARKS.md §30): per series and hour, an hour
-- without a failing sample keeps only its first sample, an hour with one keeps all. A sample dropped is a succeeding
-- one whose predecessor (in its own hour) succeeds too: it is no state change, and its successor's predecessor still
-- succeeds, so the changes and their times are those of the full series. With 1-minute samples that is ~1/60 of the
-- rows to sort. An hour with a failing sample is condensed again in parts shorter than $min_seconds (probe_parts).
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
-- Not materialised: each use reads metric_points again, rather than holding every sample in memory.
probe_samples AS NOT MATERIALIZED (
    SELECT series_id, ts, value < 1 AS failing, epoch_us(ts) // 3600000000 AS hour,
           CASE WHEN CAST($min_seconds AS DOUBLE) >= 0.000001
                THEN (epoch_us(ts) - epoch_us(CAST($scan_from AS TIMESTAMP))) // CAST(floor(CAST($min_seconds AS DOUBLE) * 1000000) AS BIGINT)
                ELSE 0 END AS part
    FROM metric_points
    WHERE ts >= CAST($scan_from AS TIMESTAMP) AND ts < CAST($to AS TIMESTAMP)
      AND series_id IN (SELECT series_id FROM probe_series)
      AND NOT isnan(value)
),
-- parted: an hour with a failing sample and on average at least 3 samples a part (below, parts cannot condense it);
-- the others are read once less, as DuckDB skips a scan whose semi-join partner is empty (§30's 1-minute shape).
probe_hours AS (
    SELECT series_id, hour, min(ts) AS first_ts, bool_or(failing) AS failing,
           bool_or(failing) AND count(*) * CAST($min_seconds AS DOUBLE) >= 3 * 3600 AS parted
    FROM probe_samples
    GROUP BY series_id, hour
),
-- Within a parted hour, per part (the hour cut at multiples of $min_seconds, so shorter than it): a part whose first and
-- last samples succeed holds only outages that start and end inside it, shorter than $min_seconds, which are dropped
-- below; it keeps only its first sample, as does a part without a failing sample. The samples after it see a succeeding
-- predecessor either way, and an outage running into or out of the part keeps all its samples.
-- Flapping probes (load.sh's one failing sample in 97 at 1 s) have a failing sample in every hour (BENCHMARKS.md §38).
probe_parts AS (
    SELECT p.series_id, p.hour, p.part, min(p.ts) AS first_ts,
           bool_or(p.failing) AND CAST($min_seconds AS DOUBLE) >= 0.000001
               AND min(p.ts) FILTER (WHERE p.failing) > min(p.ts) AND max(p.ts) FILTER (WHERE p.failing) < max(p.ts) AS inside,
           bool_or(p.failing) AS failing
    FROM probe_samples p
    SEMI JOIN probe_hours h ON h.series_id = p.series_id AND h.hour = p.hour AND h.parted
    GROUP BY p.series_id, p.hour, p.part
),
condensed AS (
    SELECT p.series_id, p.ts, p.failing
    FROM probe_samples p
    SEMI JOIN probe_hours h ON h.series_id = p.series_id AND h.hour = p.hour AND h.failing AND NOT h.parted
    UNION ALL
    SELECT p.series_id, p.ts, p.failing
    FROM probe_samples p
    SEMI JOIN probe_parts h ON h.series_id = p.series_id AND h.hour = p.hour AND h.part = p.part AND h.failing AND NOT h.inside
    UNION ALL
    SELECT series_id, first_ts, false FROM probe_parts WHERE NOT failing OR inside
    UNION ALL
    SELECT series_id, first_ts, false FROM probe_hours WHERE NOT failing
),
probe_seen AS (
    SELECT * FROM probe_series WHERE series_id IN (SELECT DISTINCT series_id FROM probe_hours)
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
    FROM condensed p
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
-- Only the counters of services whose SLI is requests (request_services' rule, applied before the window): a service
-- with probes usually has many more counter series than probes, and their per-sample window was the statement's main
-- cost on such stores while its rows were dropped afterwards (BENCHMARKS.md §38).
request_series AS (
    SELECT m.series_id, m.service
    FROM metric_series m
    LEFT JOIN teams t ON t.service = m.service
    WHERE m.metric IN (SELECT unnest(names) FROM request_list)
      AND m.service <> '_unmapped'
      AND (CAST($service AS VARCHAR) IS NULL OR m.service = CAST($service AS VARCHAR))
      AND coalesce(t.declared_sli, CASE WHEN m.service IN (SELECT service FROM probe_seen) THEN 'probe' ELSE 'requests' END) = 'requests'
),
request_samples AS (
    SELECT s.service, r.series_id, r.ts, r.increase
    FROM (
        SELECT series_id, ts, CASE WHEN value < prev_value THEN value ELSE value - prev_value END AS increase
        FROM (
            SELECT series_id, ts, value, lag(value) OVER (PARTITION BY series_id ORDER BY ts) AS prev_value
            FROM metric_points
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
