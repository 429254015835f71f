-- Spend grouped by one dimension, per currency, with every row allocated to a team, service and environment.
--
-- FOCUS 1.x meanings (https://focus.finops.org/focus-specification/):
--   BilledCost    = the amount invoiced for the charge (what the bill adds up to), credits/refunds negative.
--   EffectiveCost = the amortized cost after commitment discounts and prepayments (what the usage "really" cost).
--   ChargePeriodStart is the time axis: the inclusive start of the period the charge applies to;
--   $from/$to filter it half-open, [from, to); NULL means unbounded.
-- Costs are never summed across currencies: every total is per BillingCurrency.
--
-- Allocation, in order (first that answers wins, per attribute):
--   (a) catalog: a catalog service whose cost_tags (insights.platform/cost-tags) key/values ALL equal the row's
--       Tags → that service and its team (the most specific match when several match: most keys, then name);
--   (b) tag keys: service from the first present of service, app, application; team from team, owner, or the
--       catalog team of the tagged service; environment from env, environment;
--   (c) otherwise 'unallocated' — shown, never hidden, so allocated + unallocated = total.
-- $team (a team-limited caller) keeps only rows allocated to that team; NULL = all.
-- /*GROUP*/ is replaced by a fixed column expression chosen in C# (CostDimension), never by user text.
WITH
costs AS (
    SELECT rowid AS row_id, BilledCost, EffectiveCost, BillingCurrency, Tags,
           ProviderName, ServiceName, ServiceCategory, RegionId, SubAccountId, ResourceId, ChargeCategory
    FROM focus_line_items
    WHERE (CAST($from AS TIMESTAMP) IS NULL OR ChargePeriodStart >= CAST($from AS TIMESTAMP))
      AND (CAST($to AS TIMESTAMP) IS NULL OR ChargePeriodStart < CAST($to AS TIMESTAMP))
),
catalog_tags AS (
    SELECT s.name AS service, s.team, t.key AS tag_key, json_extract_string(t.value, '$') AS tag_value,
           count(*) OVER (PARTITION BY s.name) AS tag_count
    FROM catalog_services s, json_each(s.cost_tags) t
    WHERE s.cost_tags IS NOT NULL
),
catalog_match AS (
    SELECT c.row_id, m.service, m.team
    FROM costs c
    JOIN catalog_tags m
      ON json_extract_string(c.Tags, '$."' || replace(m.tag_key, '"', '\"') || '"') = m.tag_value
    GROUP BY c.row_id, m.service, m.team, m.tag_count
    HAVING count(*) = m.tag_count
    QUALIFY row_number() OVER (PARTITION BY c.row_id ORDER BY m.tag_count DESC, m.service) = 1
),
tagged AS (
    SELECT c.*,
           cm.service AS catalog_service,
           cm.team    AS catalog_team,
           coalesce(nullif(json_extract_string(c.Tags, '$.service'), ''),
                    nullif(json_extract_string(c.Tags, '$.app'), ''),
                    nullif(json_extract_string(c.Tags, '$.application'), '')) AS tag_service,
           coalesce(nullif(json_extract_string(c.Tags, '$.team'), ''),
                    nullif(json_extract_string(c.Tags, '$.owner'), '')) AS tag_team,
           coalesce(nullif(json_extract_string(c.Tags, '$.env'), ''),
                    nullif(json_extract_string(c.Tags, '$.environment'), '')) AS tag_environment
    FROM costs c
    LEFT JOIN catalog_match cm ON cm.row_id = c.row_id
),
allocated AS (
    SELECT t.*,
           coalesce(t.catalog_service, t.tag_service, 'unallocated')            AS service,
           coalesce(t.catalog_team, t.tag_team, s.team, 'unallocated')          AS team,
           coalesce(t.tag_environment, 'unallocated')                          AS environment
    FROM tagged t
    LEFT JOIN catalog_services s ON t.catalog_service IS NULL AND s.name = t.tag_service
)
SELECT /*GROUP*/                                        AS "group",
       BillingCurrency                                  AS currency,
       sum(BilledCost)                                  AS billedCost,
       sum(EffectiveCost)                               AS effectiveCost,
       count(*)                                         AS "rows",
       CAST(sum(BilledCost) AS DOUBLE)
         / nullif(CAST(sum(sum(BilledCost)) OVER (PARTITION BY BillingCurrency) AS DOUBLE), 0) AS share
FROM allocated
WHERE CAST($team AS VARCHAR) IS NULL OR team = CAST($team AS VARCHAR)
GROUP BY 1, 2
ORDER BY currency, billedCost DESC, "group"
