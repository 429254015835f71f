-- allocated_costs(from_ts, to_ts, rules): the FOCUS rows whose ChargePeriodStart is in [from_ts, to_ts) (NULL = unbounded),
-- each allocated to a team, service and environment. Every cost KPI reads billing through this macro, so they all
-- allocate the same way. FOCUS meanings (https://focus.finops.org/focus-specification/): BilledCost is what the
-- invoice adds up to (credits and refunds negative); EffectiveCost is the amortized cost after commitment discounts.
--
-- Allocation, first that answers wins, per attribute (FinOps Foundation "Allocation" capability: tags, accounts, shared costs):
--   (a) catalog: a catalog service whose cost_tags (insights.platform/cost-tags) key/values ALL equal the row's Tags
--       -> that service and its team (the most specific match when several match: most keys, then name);
--   (b) tag keys, each list in configured order (rules.service, rules.team, rules.env); a tagged service that is in the
--       catalog gives its catalog team;
--   (c) account map: SubAccountId, then BillingAccountId, in rules.accounts -> team;
--   (d) otherwise 'unallocated' -- shown, never hidden.
-- Shared costs (rules.shared, in order; matched by tag key=value, FOCUS ServiceName, allocated service or account)
-- are split across the teams with positive direct (non-shared, allocated) BilledCost in the same billing period and
-- currency: evenly, or in proportion to that direct cost. The last team's part is the remainder, so the parts of a
-- row add up to the row exactly. With no such team, the row keeps its direct allocation.
--
-- How it is computed (BENCHMARKS.md §10c): everything the rules look at -- Tags, SubAccountId, BillingAccountId,
-- ServiceName -- is the row's allocation key, and billing rows repeat a few thousand keys millions of times. The keys are
-- the temp table allocation_keys (allocation_keys.sql) and the per-tag-set part of (a) and (b) the temp table
-- tag_allocation (tag_allocation.sql), both made by CostAllocation when it opens the reader; every rule runs once per
-- key here (keys). The rows of the window are read once and joined to their key (a real, small table: DuckDB builds
-- the hash join on it). Only when a shared pool has rows in the window are the rows of its billing periods read again,
-- for the recipients' direct cost, and its own rows split; otherwise those joins have an empty side and stop at once.
-- Output: every focus_line_items column (costs replaced by the part), row_id, team, service, environment,
-- allocated_by ('catalog' | 'tag' | 'account' | 'shared' | 'unallocated') and shared_pool (rule name or NULL).
CREATE OR REPLACE TEMP MACRO allocated_costs(from_ts, to_ts, rules) AS TABLE
WITH
shared_rules AS (
    SELECT r.ordinal, r.rule.name AS name, r.rule.match AS match, r.rule.key AS key, r.rule.value AS value, r.rule.split AS split
    FROM (SELECT unnest(from_json(coalesce(json_extract(rules, '$.shared'), '[]'),
                 '[{"name":"VARCHAR","match":"VARCHAR","key":"VARCHAR","value":"VARCHAR","split":"VARCHAR"}]')) AS rule,
                 generate_subscripts(from_json(coalesce(json_extract(rules, '$.shared'), '[]'),
                 '[{"name":"VARCHAR","match":"VARCHAR","key":"VARCHAR","value":"VARCHAR","split":"VARCHAR"}]'), 1) AS ordinal) r
),
-- Currency conversion (rules.currency, rules.rates): with a conversion table configured, every cost of a currency in the
-- table is converted at its fixed rate into the reporting currency before anything is summed or split; currencies
-- not in the table stay as they are, so nothing is ever summed across currencies unconverted.
rates AS (
    SELECT r.rate.currency AS currency, CAST(r.rate.rate AS DECIMAL(38, 12)) AS rate, json_extract_string(rules, '$.currency') AS reporting
    FROM (SELECT unnest(from_json(coalesce(json_extract(rules, '$.rates'), '[]'), '[{"currency":"VARCHAR","rate":"VARCHAR"}]')) AS rate) r
),
billing AS NOT MATERIALIZED (
    SELECT f.rowid AS row_id,
           f.* REPLACE (
               CASE WHEN x.rate IS NULL THEN f.BilledCost ELSE CAST(f.BilledCost * x.rate AS DECIMAL(38, 12)) END AS BilledCost,
               CASE WHEN x.rate IS NULL THEN f.EffectiveCost ELSE CAST(f.EffectiveCost * x.rate AS DECIMAL(38, 12)) END AS EffectiveCost,
               CASE WHEN x.rate IS NULL THEN f.ListCost ELSE CAST(f.ListCost * x.rate AS DECIMAL(38, 12)) END AS ListCost,
               CASE WHEN x.rate IS NULL THEN f.ContractedCost ELSE CAST(f.ContractedCost * x.rate AS DECIMAL(38, 12)) END AS ContractedCost,
               coalesce(x.reporting, f.BillingCurrency) AS BillingCurrency)
    FROM focus_line_items f
    LEFT JOIN rates x ON x.currency = f.BillingCurrency
),
in_window AS NOT MATERIALIZED (
    SELECT *
    FROM billing
    -- Plain comparisons with constants (ChargePeriodStart is NOT NULL): DuckDB pushes them into the scan, so row
    -- groups outside the window are skipped.
    WHERE ChargePeriodStart >= coalesce(CAST(from_ts AS TIMESTAMP), CAST('-infinity' AS TIMESTAMP))
      AND ChargePeriodStart < coalesce(CAST(to_ts AS TIMESTAMP), CAST('infinity' AS TIMESTAMP))
),
account_teams AS (
    SELECT a.entry.account AS account, a.entry.team AS team
    FROM (SELECT unnest(from_json(coalesce(json_extract(rules, '$.accounts'), '[]'), '[{"account":"VARCHAR","team":"VARCHAR"}]')) AS entry) a
),
-- Every rule, once per allocation key.
direct AS (
    SELECT k.tags, k.SubAccountId, k.BillingAccountId, k.ServiceName,
           coalesce(ta.catalog_service, ta.tag_service, 'unallocated')                               AS service,
           coalesce(ta.catalog_team, ta.tag_team, s.team, sa.team, ba.team, 'unallocated')           AS team,
           coalesce(ta.tag_environment, 'unallocated')                                               AS environment,
           CASE WHEN ta.catalog_team IS NOT NULL THEN 'catalog'
                WHEN ta.tag_team IS NOT NULL OR s.team IS NOT NULL THEN 'tag'
                WHEN coalesce(sa.team, ba.team) IS NOT NULL THEN 'account'
                ELSE 'unallocated' END                                                               AS allocated_by
    FROM allocation_keys k
    LEFT JOIN tag_allocation ta ON ta.tags = k.tags
    LEFT JOIN account_teams sa ON sa.account = k.SubAccountId
    LEFT JOIN account_teams ba ON ba.account = k.BillingAccountId
    LEFT JOIN catalog_services s ON ta.catalog_service IS NULL AND s.name = ta.tag_service
),
keys AS MATERIALIZED (
    SELECT d.*, m.shared_pool, m.split
    FROM direct d
    LEFT JOIN (
        SELECT d.tags, d.SubAccountId, d.BillingAccountId, d.ServiceName, r.name AS shared_pool, r.split
        FROM direct d
        JOIN shared_rules r
          ON (r.match = 'tag' AND json_extract_string(d.tags, '$."' || replace(r.key, '"', '\"') || '"') = r.value)
          OR (r.match = 'cloud-service' AND d.ServiceName = r.value)
          OR (r.match = 'service' AND d.service = r.value)
          OR (r.match = 'account' AND (d.SubAccountId = r.value OR d.BillingAccountId = r.value))
        QUALIFY row_number() OVER (PARTITION BY d.tags, d.SubAccountId, d.BillingAccountId, d.ServiceName ORDER BY r.ordinal) = 1
    ) m ON m.tags IS NOT DISTINCT FROM d.tags AND m.SubAccountId IS NOT DISTINCT FROM d.SubAccountId
       AND m.BillingAccountId IS NOT DISTINCT FROM d.BillingAccountId AND m.ServiceName IS NOT DISTINCT FROM d.ServiceName
),
direct_keys AS (SELECT * FROM keys WHERE shared_pool IS NULL),
shared_keys AS (SELECT * FROM keys WHERE shared_pool IS NOT NULL),
-- The (billing period, currency) pairs with shared rows in the window: the only ones whose recipients matter.
shared_periods AS MATERIALIZED (
    SELECT DISTINCT f.BillingPeriodStart, f.BillingCurrency
    FROM in_window f
    JOIN shared_keys k ON k.tags IS NOT DISTINCT FROM CAST(f.Tags AS VARCHAR) AND k.SubAccountId IS NOT DISTINCT FROM f.SubAccountId
                      AND k.BillingAccountId IS NOT DISTINCT FROM f.BillingAccountId AND k.ServiceName IS NOT DISTINCT FROM f.ServiceName
),
-- Direct cost per team, billing period and currency, over the whole billing period (also outside the window): who
-- receives shared costs, and in what proportion.
recipients AS MATERIALIZED (
    SELECT f.BillingPeriodStart, f.BillingCurrency, k.team, sum(f.BilledCost) AS direct_cost,
           sum(sum(f.BilledCost)) OVER (PARTITION BY f.BillingPeriodStart, f.BillingCurrency) AS period_cost,
           count(*) OVER (PARTITION BY f.BillingPeriodStart, f.BillingCurrency) AS teams,
           row_number() OVER (PARTITION BY f.BillingPeriodStart, f.BillingCurrency ORDER BY k.team) AS team_rank
    FROM billing f
    JOIN shared_periods p ON p.BillingPeriodStart = f.BillingPeriodStart AND p.BillingCurrency = f.BillingCurrency
    JOIN direct_keys k ON k.tags IS NOT DISTINCT FROM CAST(f.Tags AS VARCHAR) AND k.SubAccountId IS NOT DISTINCT FROM f.SubAccountId
                      AND k.BillingAccountId IS NOT DISTINCT FROM f.BillingAccountId AND k.ServiceName IS NOT DISTINCT FROM f.ServiceName
    WHERE k.team <> 'unallocated'
    GROUP BY f.BillingPeriodStart, f.BillingCurrency, k.team
    HAVING sum(f.BilledCost) > 0
),
recipient_periods AS (
    SELECT DISTINCT BillingPeriodStart, BillingCurrency FROM recipients
),
-- Shared rows of the window: split where their period and currency have recipients, else kept whole.
shared_rows AS NOT MATERIALIZED (
    SELECT f.*, k.team, k.service, k.environment, k.allocated_by, k.shared_pool, k.split
    FROM in_window f
    JOIN shared_keys k ON k.tags IS NOT DISTINCT FROM CAST(f.Tags AS VARCHAR) AND k.SubAccountId IS NOT DISTINCT FROM f.SubAccountId
                      AND k.BillingAccountId IS NOT DISTINCT FROM f.BillingAccountId AND k.ServiceName IS NOT DISTINCT FROM f.ServiceName
),
parts AS (
    SELECT c.* EXCLUDE (team, service, allocated_by, BilledCost, EffectiveCost, ListCost, ContractedCost),
           r.team, 'shared:' || c.shared_pool AS service, 'shared' AS allocated_by,
           r.team_rank, r.teams,
           CASE WHEN c.split = 'even' THEN 1.0 / r.teams ELSE CAST(r.direct_cost AS DOUBLE) / CAST(r.period_cost AS DOUBLE) END AS weight,
           c.BilledCost AS whole_billed, c.EffectiveCost AS whole_effective, c.ListCost AS whole_list, c.ContractedCost AS whole_contracted
    FROM shared_rows c
    JOIN recipients r ON r.BillingPeriodStart = c.BillingPeriodStart AND r.BillingCurrency = c.BillingCurrency
),
shares AS (
    SELECT p.* EXCLUDE (whole_billed, whole_effective, whole_list, whole_contracted, team_rank, teams, weight, split),
           CASE WHEN team_rank < teams THEN CAST(CAST(whole_billed AS DOUBLE) * weight AS DECIMAL(38, 12))
                ELSE whole_billed - coalesce(sum(CAST(CAST(whole_billed AS DOUBLE) * weight AS DECIMAL(38, 12)))
                     OVER (PARTITION BY row_id ORDER BY team_rank ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) END AS BilledCost,
           CASE WHEN team_rank < teams THEN CAST(CAST(whole_effective AS DOUBLE) * weight AS DECIMAL(38, 12))
                ELSE whole_effective - coalesce(sum(CAST(CAST(whole_effective AS DOUBLE) * weight AS DECIMAL(38, 12)))
                     OVER (PARTITION BY row_id ORDER BY team_rank ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) END AS EffectiveCost,
           CASE WHEN team_rank < teams THEN CAST(CAST(whole_list AS DOUBLE) * weight AS DECIMAL(38, 12))
                ELSE whole_list - coalesce(sum(CAST(CAST(whole_list AS DOUBLE) * weight AS DECIMAL(38, 12)))
                     OVER (PARTITION BY row_id ORDER BY team_rank ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) END AS ListCost,
           CASE WHEN team_rank < teams THEN CAST(CAST(whole_contracted AS DOUBLE) * weight AS DECIMAL(38, 12))
                ELSE whole_contracted - coalesce(sum(CAST(CAST(whole_contracted AS DOUBLE) * weight AS DECIMAL(38, 12)))
                     OVER (PARTITION BY row_id ORDER BY team_rank ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) END AS ContractedCost
    FROM parts p
)
-- Direct rows: one pass over the window, joined to their key.
SELECT f.*, k.team, k.service, k.environment, k.allocated_by, k.shared_pool
FROM in_window f
JOIN direct_keys k ON k.tags IS NOT DISTINCT FROM CAST(f.Tags AS VARCHAR) AND k.SubAccountId IS NOT DISTINCT FROM f.SubAccountId
                  AND k.BillingAccountId IS NOT DISTINCT FROM f.BillingAccountId AND k.ServiceName IS NOT DISTINCT FROM f.ServiceName
UNION ALL BY NAME
SELECT c.* EXCLUDE (split)
FROM shared_rows c
ANTI JOIN recipient_periods rp ON rp.BillingPeriodStart = c.BillingPeriodStart AND rp.BillingCurrency = c.BillingCurrency
UNION ALL BY NAME
SELECT * FROM shares
