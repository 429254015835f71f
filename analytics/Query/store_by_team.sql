-- Per team (catalog owner): services and the samples and events stored for them.
-- Cost per team is CostQuery's allocation (Cost/cost_by.sql), not repeated here.
WITH services AS (
    SELECT name AS service, coalesce(team, '(no team)') AS team FROM catalog_services
),
samples AS (
    SELECT s.team, count(*) AS samples
    FROM metric_samples m JOIN services s USING (service)
    GROUP BY 1
),
events AS (
    SELECT s.team, count(*) AS events
    FROM log_events l JOIN services s USING (service)
    GROUP BY 1
)
SELECT t.team,
       count(*) AS services,
       coalesce(any_value(samples.samples), 0) AS samples,
       coalesce(any_value(events.events), 0) AS events
FROM services t
LEFT JOIN samples USING (team)
LEFT JOIN events USING (team)
GROUP BY t.team
ORDER BY t.team
