-- Spend grouped by one dimension, per currency, every row allocated by allocated_costs (allocated_costs.sql:
-- catalog cost-tags, tag keys, account map, shared-cost split, else 'unallocated').
--   BilledCost    = the amount invoiced (FOCUS 1.x), so the groups add up to the invoice;
--   EffectiveCost = the amortized cost after commitment discounts, side by side.
-- $from/$to bound ChargePeriodStart half-open, [from, to); NULL means unbounded. Costs are never summed across
-- currencies: every total is per BillingCurrency. $team (a team-limited caller) keeps only that team's rows; NULL = all.
-- "rows" counts the billing rows in a group (a shared row counts in each group that receives a part of it).
-- /*GROUP*/ is replaced by a fixed column expression chosen in C# (CostDimension), never by user text.
SELECT /*GROUP*/                                        AS "group",
       BillingCurrency                                  AS currency,
       sum(BilledCost)                                  AS billedCost,
       sum(EffectiveCost)                               AS effectiveCost,
       count(*)                                         AS "rows",
       CAST(sum(BilledCost) AS DOUBLE)
         / nullif(CAST(sum(sum(BilledCost)) OVER (PARTITION BY BillingCurrency) AS DOUBLE), 0) AS share
FROM allocated_costs($from, $to, $rules)
WHERE CAST($team AS VARCHAR) IS NULL OR team = CAST($team AS VARCHAR)
GROUP BY 1, 2
ORDER BY currency, billedCost DESC, "group"
