-- Availability SLI sums per service and window, in one pass over metric_samples (ts in [$scan_from, $scan_to), so
-- DuckDB prunes row groups by ts; one window function per series; no per-service query). The series are chosen in
-- metric_series first and the window carries only (series_id, ts, value): its sort is the query's main cost, and
-- service and metric strings on every sample row doubled it (BENCHMARKS.md §10b).
-- Definitions (Sloth / Pyrra, and the Google SRE workbook, "Alerting on SLOs" and "Implementing SLOs"):
--   probe SLI (probe_success, up; $probe_metrics in order of preference, a service uses the first it has):
--     availability = avg_over_time(probe[window]), the mean of the samples in the window. Each sample stands for its
--     series' scrape interval (the median gap between its samples), so the sums are in seconds and a team's mean is
--     time-weighted. Missing samples are NOT downtime: coverage = samples present / samples expected at the interval.
--   request SLI (counters $request_metrics, e.g. http_requests_total): availability = 1 − increase(5xx) / increase(all),
--     where a series is 5xx when one of the labels $error_labels (code, status, …) starts with '5'. increase() as
--     Prometheus treats counters: each sample adds its difference from the series' previous sample (read up to the
--     lookback before the window), and a drop is a counter reset, after which the new value counts in full (the
--     counter restarted from 0). Extrapolation to the window's edges is not done, so adjacent windows add up exactly.
-- Which SLI a service uses: catalog annotation insights.platform/sli (probe | requests), else probe when it has a
-- probe series, else requests. NaN / ±Inf samples are skipped. Services of the catalog without data get NULL sums.
-- $windows: JSON [{"name","from","to"}] (UTC, half-open); $service / $team: NULL = all.
-- Shape (BENCHMARKS.md §30, §38): the windows (lag per series: the probes, then only the counters of services whose SLI
-- is requests) carry (series_id, ts, value) and each is followed by one group-by of integer keys: per series, elementary time segment (the windows' boundaries cut time into segments, each
-- sample lies in at most one) and gap. A window's sums add up its segments, and the median gap comes from the gaps'
-- counts, so no sample is joined to the windows more than once and no per-series list of gaps is held.
WITH win AS (
    SELECT w.name, CAST(w."from" AS TIMESTAMP) AS w_from, CAST(w."to" AS TIMESTAMP) AS w_to
    FROM (SELECT unnest(from_json(CAST($windows AS VARCHAR), '[{"name":"VARCHAR","from":"VARCHAR","to":"VARCHAR"}]'), recursive := true)) w
),
probe_list AS (SELECT from_json(CAST($probe_metrics AS VARCHAR), '["VARCHAR"]') AS names),
request_list AS (SELECT from_json(CAST($request_metrics AS VARCHAR), '["VARCHAR"]') AS names),
picked AS (
    SELECT series_id, service, metric
    FROM metric_series
    WHERE (metric IN (SELECT unnest(names) FROM probe_list) OR metric IN (SELECT unnest(names) FROM request_list))
      AND service <> '_unmapped'
      AND (CAST($service AS VARCHAR) IS NULL OR service = CAST($service AS VARCHAR))
),
-- Probe series first; then only the counters of services whose SLI is requests (the rule of `chosen` below: declared,
-- else requests when the service has no probe sample in the scan). A service with probes usually has many more counter
-- series than probes, and their per-sample window was most of the statement's cost while `sli_series` dropped them
-- (BENCHMARKS.md §38). Dropping them changes nothing else: `chosen` picks the probe for such a service either way.
probe_samples AS (
    SELECT series_id, ts, value,
           epoch(ts) - epoch(lag(ts) OVER per_series) AS gap_s
    FROM metric_points
    WHERE ts >= CAST($scan_from AS TIMESTAMP) AND ts < CAST($scan_to AS TIMESTAMP)
      AND series_id IN (SELECT series_id FROM picked WHERE metric IN (SELECT unnest(names) FROM probe_list))
      AND isfinite(value)
    WINDOW per_series AS (PARTITION BY series_id ORDER BY ts)
),
-- The windows' distinct boundaries in order; segment k is [bound k, bound k + 1), and a window is the segments inside it.
bounds AS (
    SELECT b, row_number() OVER (ORDER BY b) AS k
    FROM (SELECT w_from AS b FROM win UNION SELECT w_to FROM win)
),
segments AS (
    SELECT k AS seg, b AS s_from, lead(b) OVER (ORDER BY b) AS s_to FROM bounds
),
window_segments AS (
    SELECT w.name, g.seg
    FROM win w JOIN segments g ON g.s_from >= w.w_from AND g.s_to <= w.w_to
),
-- Per series, segment (NULL: only in the lookback) and gap: samples, the probe's clamped values, the counter's increase.
probe_pieces AS (
    SELECT s.series_id, g.seg, s.gap_s, count(*) AS n, sum(least(greatest(s.value, 0), 1)) AS up, CAST(NULL AS DOUBLE) AS increase
    FROM probe_samples s
    LEFT JOIN segments g ON s.ts >= g.s_from AND s.ts < g.s_to
    GROUP BY s.series_id, g.seg, s.gap_s
),
probe_services AS (
    SELECT DISTINCT p.service FROM picked p WHERE p.series_id IN (SELECT series_id FROM probe_pieces)
),
request_samples AS (
    SELECT series_id, ts, value,
           epoch(ts) - epoch(lag(ts) OVER per_series) AS gap_s,
           lag(value) OVER per_series AS prev_value
    FROM metric_points
    WHERE ts >= CAST($scan_from AS TIMESTAMP) AND ts < CAST($scan_to AS TIMESTAMP)
      AND series_id IN (
          SELECT p.series_id
          FROM picked p
          LEFT JOIN catalog_services c ON c.name = p.service
          WHERE p.metric NOT IN (SELECT unnest(names) FROM probe_list)
            AND coalesce(json_extract_string(c.annotations, '$."insights.platform/sli"'),
                         CASE WHEN p.service IN (SELECT service FROM probe_services) THEN 'probe' ELSE 'requests' END) = 'requests')
      AND isfinite(value)
    WINDOW per_series AS (PARTITION BY series_id ORDER BY ts)
),
pieces AS (
    SELECT * FROM probe_pieces
    UNION ALL
    SELECT s.series_id, g.seg, s.gap_s, count(*) AS n,
           sum(least(greatest(s.value, 0), 1)) AS up,
           sum(CASE WHEN s.prev_value IS NOT NULL
                    THEN CASE WHEN s.value < s.prev_value THEN s.value ELSE s.value - s.prev_value END END) AS increase
    FROM request_samples s
    LEFT JOIN segments g ON s.ts >= g.s_from AND s.ts < g.s_to
    GROUP BY s.series_id, g.seg, s.gap_s
),
-- The median gap from the gaps' counts: the one or two gaps in the middle of the sorted list, then median() of those
-- (of one value twice when the count is odd), so the interpolation is DuckDB's own.
gap_counts AS (
    SELECT series_id, gap_s, sum(n) AS c,
           sum(sum(n)) OVER (PARTITION BY series_id ORDER BY gap_s ROWS UNBOUNDED PRECEDING) AS upto,
           sum(sum(n)) OVER (PARTITION BY series_id) AS total
    FROM pieces
    WHERE gap_s IS NOT NULL
    GROUP BY series_id, gap_s
),
middle AS (
    SELECT series_id, gap_s FROM gap_counts WHERE upto - c <= (total - 1) // 2 AND upto > (total - 1) // 2
    UNION ALL
    SELECT series_id, gap_s FROM gap_counts WHERE upto - c <= total // 2 AND upto > total // 2
),
series AS (
    SELECT g.series_id, p.service, p.metric, g.interval_s,
           list_position((SELECT names FROM probe_list), p.metric) AS probe_rank
    FROM (
        SELECT i.series_id, coalesce(m.interval_s, CAST($default_interval_s AS DOUBLE)) AS interval_s
        FROM (SELECT DISTINCT series_id FROM pieces) i
        LEFT JOIN (SELECT series_id, median(gap_s) AS interval_s FROM middle GROUP BY series_id) m ON m.series_id = i.series_id
    ) g
    JOIN picked p ON p.series_id = g.series_id
),
error_series AS (
    SELECT DISTINCT ms.series_id
    FROM metric_series ms, (SELECT unnest(from_json(CAST($error_labels AS VARCHAR), '["VARCHAR"]')) AS k) l
    WHERE ms.series_id IN (SELECT series_id FROM series WHERE probe_rank IS NULL)
      AND starts_with(json_extract_string(ms.labels, '$."' || l.k || '"'), '5')
),
services AS (
    SELECT name AS service, team, slo_target,
           json_extract_string(annotations, '$."insights.platform/sli"') AS declared_sli
    FROM catalog_services
    WHERE CAST($service AS VARCHAR) IS NULL OR name = CAST($service AS VARCHAR)
    UNION ALL
    SELECT DISTINCT s.service, NULL, NULL, NULL FROM series s
    WHERE s.service NOT IN (SELECT name FROM catalog_services)
),
chosen AS (
    SELECT v.service, v.team, coalesce(v.slo_target, CAST($default_slo AS DECIMAL(9, 6))) AS slo_target,
           coalesce(v.declared_sli,
                    CASE WHEN p.best_rank IS NOT NULL THEN 'probe' WHEN p.has_requests THEN 'requests' END) AS sli,
           p.best_rank
    FROM services v
    LEFT JOIN (
        SELECT service, min(probe_rank) AS best_rank, bool_or(probe_rank IS NULL) AS has_requests
        FROM series GROUP BY service
    ) p ON p.service = v.service
    WHERE CAST($team AS VARCHAR) IS NULL OR v.team = CAST($team AS VARCHAR)
),
sli_series AS (
    SELECT s.series_id, s.service, s.interval_s, c.sli, e.series_id IS NOT NULL AS is_error
    FROM series s
    JOIN chosen c ON c.service = s.service
    LEFT JOIN error_series e ON e.series_id = s.series_id
    WHERE (c.sli = 'probe' AND s.probe_rank = coalesce(c.best_rank, 1))
       OR (c.sli = 'requests' AND s.probe_rank IS NULL)
),
sums AS (
    SELECT x.service, ws.name,
           sum(CASE WHEN x.sli = 'probe' THEN p.up * x.interval_s END) AS good_s,
           sum(CASE WHEN x.sli = 'probe' THEN p.n * x.interval_s END) AS observed_s,
           sum(CASE WHEN x.sli = 'requests' AND x.is_error THEN p.increase END) AS error_requests,
           sum(CASE WHEN x.sli = 'requests' THEN p.increase END) AS total_requests,
           CAST(sum(p.n) AS BIGINT) AS present
    FROM (SELECT series_id, seg, CAST(sum(n) AS BIGINT) AS n, sum(up) AS up, sum(increase) AS increase FROM pieces GROUP BY series_id, seg) p
    JOIN sli_series x ON x.series_id = p.series_id
    JOIN window_segments ws ON ws.seg = p.seg
    GROUP BY x.service, ws.name
),
expected AS (
    SELECT x.service, w.name, sum((epoch(w.w_to) - epoch(w.w_from)) / x.interval_s) AS expected
    FROM sli_series x, win w
    GROUP BY x.service, w.name
)
SELECT c.service, c.team, c.slo_target, c.sli, w.name,
       s.good_s, s.observed_s, s.error_requests, s.total_requests,
       coalesce(s.present, 0) AS present, coalesce(e.expected, 0) AS expected
FROM chosen c
CROSS JOIN win w
LEFT JOIN sums s ON s.service = c.service AND s.name = w.name
LEFT JOIN expected e ON e.service = c.service AND e.name = w.name
ORDER BY c.service, w.name
