-- TEST-ONLY REFERENCE: allocated_costs as it was before BENCHMARKS.md §10c (every rule per row, the row-level CTEs
-- inlined at each of their references). CostAllocationEquivalenceProperties checks the new macro against it.
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
-- The per-tag-set part of (a) and (b) is the temp table tag_allocation (tag_allocation.sql), made by CostAllocation when
-- it opens the reader: a table DuckDB knows to be small, so it builds its hash join on it instead of on the billing rows.
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
               CAST(f.BilledCost * coalesce(x.rate, 1) AS DECIMAL(38, 12)) AS BilledCost,
               CAST(f.EffectiveCost * coalesce(x.rate, 1) AS DECIMAL(38, 12)) AS EffectiveCost,
               CAST(f.ListCost * coalesce(x.rate, 1) AS DECIMAL(38, 12)) AS ListCost,
               CAST(f.ContractedCost * coalesce(x.rate, 1) AS DECIMAL(38, 12)) AS ContractedCost,
               coalesce(x.reporting, f.BillingCurrency) AS BillingCurrency)
    FROM focus_line_items f
    LEFT JOIN rates x ON x.currency = f.BillingCurrency
),
in_window AS NOT MATERIALIZED (
    SELECT *
    FROM billing
    WHERE (CAST(from_ts AS TIMESTAMP) IS NULL OR ChargePeriodStart >= CAST(from_ts AS TIMESTAMP))
      AND (CAST(to_ts AS TIMESTAMP) IS NULL OR ChargePeriodStart < CAST(to_ts AS TIMESTAMP))
),
-- The billing periods the window touches, read from two columns: referencing in_window here a second time would make
-- DuckDB materialise it with every FOCUS column (≈1 GB for a month of a large export).
window_periods AS (
    SELECT DISTINCT BillingPeriodStart
    FROM focus_line_items
    WHERE (CAST(from_ts AS TIMESTAMP) IS NULL OR ChargePeriodStart >= CAST(from_ts AS TIMESTAMP))
      AND (CAST(to_ts AS TIMESTAMP) IS NULL OR ChargePeriodStart < CAST(to_ts AS TIMESTAMP))
),
-- Shared rows are split by the direct cost of their whole billing period, also outside the window.
scope AS NOT MATERIALIZED (
    SELECT *, true AS in_window FROM in_window
    UNION ALL
    SELECT *, false AS in_window
    FROM billing f
    WHERE EXISTS (SELECT 1 FROM shared_rules)
      AND f.BillingPeriodStart IN (SELECT BillingPeriodStart FROM window_periods)
      AND NOT ((CAST(from_ts AS TIMESTAMP) IS NULL OR f.ChargePeriodStart >= CAST(from_ts AS TIMESTAMP))
           AND (CAST(to_ts AS TIMESTAMP) IS NULL OR f.ChargePeriodStart < CAST(to_ts AS TIMESTAMP)))
),
account_teams AS (
    SELECT a.entry.account AS account, a.entry.team AS team
    FROM (SELECT unnest(from_json(coalesce(json_extract(rules, '$.accounts'), '[]'), '[{"account":"VARCHAR","team":"VARCHAR"}]')) AS entry) a
),
-- The row-level CTEs are NOT MATERIALIZED: inlined, each reference reads only the columns it needs, instead of
-- DuckDB materialising every FOCUS column of every row once for all references.
tagged AS NOT MATERIALIZED (
    SELECT c.*,
           ta.catalog_service, ta.catalog_team, ta.tag_service, ta.tag_team, ta.tag_environment,
           coalesce(sa.team, ba.team) AS account_team
    FROM scope c
    LEFT JOIN tag_allocation ta ON ta.tags = CAST(c.Tags AS VARCHAR)
    LEFT JOIN account_teams sa ON sa.account = c.SubAccountId
    LEFT JOIN account_teams ba ON ba.account = c.BillingAccountId
),
direct AS NOT MATERIALIZED (
    SELECT t.*,
           coalesce(t.catalog_service, t.tag_service, 'unallocated')                   AS service,
           coalesce(t.catalog_team, t.tag_team, s.team, t.account_team, 'unallocated') AS team,
           coalesce(t.tag_environment, 'unallocated')                                 AS environment,
           CASE WHEN t.catalog_team IS NOT NULL THEN 'catalog'
                WHEN t.tag_team IS NOT NULL OR s.team IS NOT NULL THEN 'tag'
                WHEN t.account_team IS NOT NULL THEN 'account'
                ELSE 'unallocated' END                                                AS allocated_by
    FROM tagged t
    LEFT JOIN catalog_services s ON t.catalog_service IS NULL AND s.name = t.tag_service
),
shared_match AS (
    SELECT d.row_id, r.name AS shared_pool, r.split
    FROM direct d
    JOIN shared_rules r
      ON (r.match = 'tag' AND json_extract_string(d.Tags, '$."' || replace(r.key, '"', '\"') || '"') = r.value)
      OR (r.match = 'cloud-service' AND d.ServiceName = r.value)
      OR (r.match = 'service' AND d.service = r.value)
      OR (r.match = 'account' AND (d.SubAccountId = r.value OR d.BillingAccountId = r.value))
    QUALIFY row_number() OVER (PARTITION BY d.row_id ORDER BY r.ordinal) = 1
),
classified AS NOT MATERIALIZED (
    SELECT d.*, m.shared_pool, m.split
    FROM direct d
    LEFT JOIN shared_match m ON m.row_id = d.row_id
),
-- Direct cost per team, billing period and currency: who receives shared costs, and in what proportion.
recipients AS (
    SELECT BillingPeriodStart, BillingCurrency, team, sum(BilledCost) AS direct_cost,
           sum(sum(BilledCost)) OVER (PARTITION BY BillingPeriodStart, BillingCurrency) AS period_cost,
           count(*) OVER (PARTITION BY BillingPeriodStart, BillingCurrency) AS teams,
           row_number() OVER (PARTITION BY BillingPeriodStart, BillingCurrency ORDER BY team) AS team_rank
    FROM classified
    WHERE shared_pool IS NULL AND team <> 'unallocated'
    GROUP BY BillingPeriodStart, BillingCurrency, team
    HAVING sum(BilledCost) > 0
),
-- (period, currency) pairs that have recipients: a shared row elsewhere keeps its direct allocation. A join, not a
-- correlated NOT EXISTS: DuckDB answers that with a delim join that buffers every row of every column first (≈1 GB).
recipient_periods AS (
    SELECT DISTINCT BillingPeriodStart, BillingCurrency FROM recipients
),
parts AS (
    SELECT c.* EXCLUDE (team, service, allocated_by, BilledCost, EffectiveCost, ListCost, ContractedCost),
           r.team, 'shared:' || c.shared_pool AS service, 'shared' AS allocated_by,
           r.team_rank, r.teams,
           CASE WHEN c.split = 'even' THEN 1.0 / r.teams ELSE CAST(r.direct_cost AS DOUBLE) / CAST(r.period_cost AS DOUBLE) END AS weight,
           c.BilledCost AS whole_billed, c.EffectiveCost AS whole_effective, c.ListCost AS whole_list, c.ContractedCost AS whole_contracted
    FROM classified c
    JOIN recipients r ON r.BillingPeriodStart = c.BillingPeriodStart AND r.BillingCurrency = c.BillingCurrency
    WHERE c.in_window AND c.shared_pool IS NOT NULL
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
SELECT c.* EXCLUDE (catalog_service, catalog_team, tag_service, tag_team, tag_environment, account_team, split, in_window)
FROM classified c
LEFT JOIN recipient_periods rp ON rp.BillingPeriodStart = c.BillingPeriodStart AND rp.BillingCurrency = c.BillingCurrency
WHERE c.in_window AND (c.shared_pool IS NULL OR rp.BillingPeriodStart IS NULL)
UNION ALL BY NAME
SELECT * EXCLUDE (catalog_service, catalog_team, tag_service, tag_team, tag_environment, account_team, in_window)
FROM shares
