-- DORA four keys per $scope ('service', 'team' or 'org') over the window [$from, $to), by Apache DevLake's rules
-- (DevLake v1.0 dora plugin, incident_deploy_connector.go, and its DORA dashboard SQL, docs/Metrics/CFR.md,
-- FailedDeploymentRecoveryTime.md, MTTR.md; the bands are applied in C#, DoraMath):
-- * A deployment is a log event with event.action = 'deployment', event.outcome = 'success' and service.environment
--   in $environments (production names, compared lower-case). An event id stored more than once (re-sent, or one row
--   per commit as DevLake's cicd_deployment_commits) is one deployment finished at its latest @timestamp, and it is in
--   the window when that latest finish is (DevLake: GROUP BY cicd_deployment_id HAVING max(finished_date) in range).
-- * Deployment frequency from deployment DAYS, not deployments: the days of the window (UTC), grouped into ISO weeks
--   (Monday), calendar months and six-month spans counted back from the window's last month; per group the number of
--   distinct days with a deployment in each; the median of those counts per week, month and six months.
-- * Lead time for changes = median(@timestamp − labels.first_commit_at, an RFC 3339 time with its offset) of the deployments finished in the window
--   (DevLake's PR cycle time: first commit to deployment); deployments without a parseable first commit are not counted.
-- * $incidents are incident RECORDS (IncidentQuery.RecordsStartedInAsync: one per incident event, overlapping ones
--   included, plus detected probe / request outages no event covers) that started at or after $from, as known now —
--   including those after $to, since DevLake links every incident of the project and filters only the deployments.
-- * An incident is linked to the latest successful production deployment of the same service (DevLake: of the same
--   project) with a stored finish strictly before the incident started: DevLake's connector searches the deployment
--   commit rows (finished_date < created_date ORDER BY finished_date DESC LIMIT 1), so here the stored rows, every
--   stored copy of an event id, not only its latest finish.
-- * Change failure rate = deployments in the window with at least one linked incident (whenever it started) ÷
--   deployments in the window (DevLake: count(distinct deployment_id) of the incident join, 0 or 1 per deployment).
-- * Failed deployment recovery time (2023) = median(incident resolved − linked deployment's finish) over incidents
--   linked to a deployment in the window AND resolved in the window (DevLake: $__timeFilter(i.resolution_date)).
-- * Time to restore service (2021) = median(resolved − started) over the incidents that started in the window, with
--   their resolution as known now (also after $to), whether or not they link to a deployment (DevLake: incidents created
--   in the range, lead_time_minutes). Incidents still open are left out; DevLake's band query would rank their NULL
--   lead time first and so pull its median down, its monthly trend query filters them out as here.
-- Medians are DevLake's: max(x) where percent_rank() <= 0.5, i.e. the lower middle value, written here as
-- list_sort(list(x))[(count(x) - 1) // 2 + 1]. Durations are in seconds; DevLake truncates to whole minutes
-- (TIMESTAMPDIFF(MINUTE …)), which gives the same bands — they are whole-minute bounds, floor(x) < N exactly when x < N.
-- Where we deliberately differ: DevLake's 2021 six-month median is min(x) where percent_rank() >= 0.5 over rolling
-- six-month sums, which is empty (N/A) for a window of one span; here it is the lower median like every other.
-- Incidents that started before $from are not read, so one is not linked to a deployment whose earlier copy preceded
-- it but whose latest copy falls in the window (DevLake would count that deployment as failed); and links are per
-- service (the issue's rule), where DevLake links within a project.
-- Groups: catalog services (their team from catalog_services.team, else '(no team)') and any service with a
-- deployment or incident in the window, filtered to $service / $team when set. Each figure comes with the count it is from.
WITH envs AS (SELECT unnest(from_json(CAST($environments AS VARCHAR), '["VARCHAR"]')) AS env),
catalog AS (SELECT name AS service, team FROM catalog_services),
deployment_rows AS (
    SELECT event_id, service, ts, epoch(try_cast(json_extract_string(labels, '$.first_commit_at') AS TIMESTAMPTZ)) AS first_commit_s
    FROM log_events
    WHERE action = 'deployment' AND outcome = 'success' AND lower(environment) IN (SELECT env FROM envs)
      AND service <> '_unmapped'
      AND (CAST($service AS VARCHAR) IS NULL OR service = CAST($service AS VARCHAR))
),
deployments AS (
    SELECT event_id, service, max(ts) AS finished, max(first_commit_s) AS first_commit_s
    FROM deployment_rows
    GROUP BY event_id, service
),
all_incidents AS (
    SELECT i.id, i.service, CAST(i.start_ts AS TIMESTAMP) AS start_ts, CAST(i.end_ts AS TIMESTAMP) AS end_ts
    FROM (SELECT unnest(from_json(CAST($incidents AS VARCHAR), '[{"id":"VARCHAR","service":"VARCHAR","start_ts":"VARCHAR","end_ts":"VARCHAR"}]'), recursive := true)) i
    WHERE CAST($service AS VARCHAR) IS NULL OR i.service = CAST($service AS VARCHAR)
),
incidents AS (SELECT * FROM all_incidents WHERE start_ts >= CAST($from AS TIMESTAMP) AND start_ts < CAST($to AS TIMESTAMP)),
linked AS (
    SELECT l.id, l.service, l.start_ts, l.end_ts, l.deployment_id, d.finished AS deployed_at
    FROM (SELECT i.*, r.event_id AS deployment_id
          FROM all_incidents i ASOF JOIN deployment_rows r ON r.service = i.service AND i.start_ts > r.ts) l
    JOIN deployments d ON d.event_id = l.deployment_id AND d.service = l.service
),
in_window AS (SELECT * FROM deployments WHERE finished >= CAST($from AS TIMESTAMP) AND finished < CAST($to AS TIMESTAMP)),
members AS (
    SELECT m.service, c.team,
           CASE CAST($scope AS VARCHAR) WHEN 'service' THEN m.service WHEN 'team' THEN coalesce(c.team, '(no team)') ELSE '(org)' END AS grp
    FROM (SELECT service FROM catalog UNION SELECT service FROM in_window UNION SELECT service FROM incidents) m
    LEFT JOIN catalog c ON c.service = m.service
    WHERE (CAST($service AS VARCHAR) IS NULL OR m.service = CAST($service AS VARCHAR))
      AND (CAST($team AS VARCHAR) IS NULL OR c.team = CAST($team AS VARCHAR))
),
groups AS (
    SELECT grp, CASE WHEN count(DISTINCT team) = 1 THEN min(team) END AS team, count(*) AS services
    FROM members GROUP BY grp
),
days AS (
    SELECT CAST(d AS DATE) AS day
    FROM generate_series(CAST(CAST($from AS TIMESTAMP) AS DATE), CAST(CAST($to AS TIMESTAMP) - INTERVAL 1 MICROSECOND AS DATE), INTERVAL 1 DAY) t(d)
),
periods AS (
    SELECT day, date_trunc('week', day) AS week, date_trunc('month', day) AS month,
           (dense_rank() OVER (ORDER BY date_trunc('month', day) DESC) - 1) // 6 AS half_year
    FROM days
),
deploy_days AS (
    SELECT DISTINCT m.grp, CAST(d.finished AS DATE) AS day
    FROM in_window d JOIN members m ON m.service = d.service
),
per_day AS (
    SELECT g.grp, p.day, p.week, p.month, p.half_year, (dd.day IS NOT NULL)::INTEGER AS deployed
    FROM groups g CROSS JOIN periods p
    LEFT JOIN deploy_days dd ON dd.grp = g.grp AND dd.day = p.day
),
weekly AS (SELECT grp, week, CAST(sum(deployed) AS INTEGER) AS n FROM per_day GROUP BY grp, week),
monthly AS (SELECT grp, month, CAST(sum(deployed) AS INTEGER) AS n FROM per_day GROUP BY grp, month),
half_yearly AS (SELECT grp, half_year, CAST(sum(deployed) AS INTEGER) AS n FROM per_day GROUP BY grp, half_year),
frequency AS (
    SELECT w.grp, w.per_week, w.weeks, m.per_month, m.months, h.per_six_months, dd.days
    FROM (SELECT grp, list_sort(list(n))[(count(n) - 1) // 2 + 1] AS per_week, count(*) AS weeks FROM weekly GROUP BY grp) w
    JOIN (SELECT grp, list_sort(list(n))[(count(n) - 1) // 2 + 1] AS per_month, count(*) AS months FROM monthly GROUP BY grp) m USING (grp)
    JOIN (SELECT grp, list_sort(list(n))[(count(n) - 1) // 2 + 1] AS per_six_months FROM half_yearly GROUP BY grp) h USING (grp)
    LEFT JOIN (SELECT grp, count(*) AS days FROM deploy_days GROUP BY grp) dd USING (grp)
),
deployment_figures AS (
    SELECT m.grp, count(*) AS deployments,
           count(lead) AS lead_count,
           list_sort(list(lead) FILTER (WHERE lead IS NOT NULL))[(count(lead) - 1) // 2 + 1] AS lead_seconds,
           count(*) FILTER (WHERE failed) AS failed
    FROM (
        SELECT d.service,
               CASE WHEN d.first_commit_s <= epoch(d.finished) THEN epoch(d.finished) - d.first_commit_s END AS lead,
               EXISTS (SELECT 1 FROM linked l WHERE l.deployment_id = d.event_id AND l.service = d.service) AS failed
        FROM in_window d
    ) x JOIN members m ON m.service = x.service
    GROUP BY m.grp
),
recovery AS (
    SELECT m.grp, count(s) AS recovery_count, list_sort(list(s) FILTER (WHERE s IS NOT NULL))[(count(s) - 1) // 2 + 1] AS recovery_seconds
    FROM (SELECT service, epoch(end_ts) - epoch(deployed_at) AS s FROM linked
          WHERE deployed_at >= CAST($from AS TIMESTAMP) AND deployed_at < CAST($to AS TIMESTAMP)
            AND end_ts >= CAST($from AS TIMESTAMP) AND end_ts < CAST($to AS TIMESTAMP)) x
    JOIN members m ON m.service = x.service
    GROUP BY m.grp
),
restore AS (
    SELECT m.grp, count(*) AS incidents, count(s) AS restore_count,
           list_sort(list(s) FILTER (WHERE s IS NOT NULL))[(count(s) - 1) // 2 + 1] AS restore_seconds
    FROM (SELECT service, CASE WHEN end_ts IS NOT NULL THEN epoch(end_ts) - epoch(start_ts) END AS s FROM incidents) x
    JOIN members m ON m.service = x.service
    GROUP BY m.grp
)
SELECT g.grp, g.team, g.services,
       coalesce(df.deployments, 0) AS deployments, coalesce(f.days, 0) AS deployment_days,
       f.per_week, f.per_month, f.per_six_months, f.weeks, f.months,
       coalesce(df.lead_count, 0) AS lead_count, df.lead_seconds,
       coalesce(df.failed, 0) AS failed,
       coalesce(r.recovery_count, 0) AS recovery_count, r.recovery_seconds,
       coalesce(rs.incidents, 0) AS incidents, coalesce(rs.restore_count, 0) AS restore_count, rs.restore_seconds
FROM groups g
LEFT JOIN frequency f USING (grp)
LEFT JOIN deployment_figures df USING (grp)
LEFT JOIN recovery r USING (grp)
LEFT JOIN restore rs USING (grp)
ORDER BY g.grp
