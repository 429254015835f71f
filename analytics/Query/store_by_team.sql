-- Per team (catalog owner): services, stored samples and events, and billed/effective cost attributed by
-- the FOCUS Tags 'team' key (FOCUS 1.x: Tags is the provider's key/value map; untagged spend is shown apart).
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
),
cost AS (
    SELECT coalesce(nullif(json_extract_string(Tags, '$.team'), ''), '(untagged)') AS team,
           sum(BilledCost) AS billed_cost, sum(EffectiveCost) AS effective_cost, any_value(BillingCurrency) AS currency
    FROM focus_line_items
    GROUP BY 1
),
teams AS (
    SELECT team FROM services UNION SELECT team FROM cost
)
SELECT t.team,
       (SELECT count(*) FROM services s WHERE s.team = t.team) AS services,
       coalesce(samples.samples, 0) AS samples,
       coalesce(events.events, 0) AS events,
       coalesce(cost.billed_cost, 0) AS billed_cost,
       coalesce(cost.effective_cost, 0) AS effective_cost,
       cost.currency
FROM teams t
LEFT JOIN samples USING (team)
LEFT JOIN events USING (team)
LEFT JOIN cost USING (team)
ORDER BY effective_cost DESC, t.team
