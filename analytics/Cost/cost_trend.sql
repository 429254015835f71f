-- Spend over time (FinOps Foundation "Reporting & Analytics" / "Data Ingestion" capabilities: cost trended by period),
-- every row allocated by allocated_costs (allocated_costs.sql).
--   BilledCost (FOCUS: what is invoiced) and EffectiveCost (FOCUS: amortized after commitment discounts), side by side.
-- Periods are UTC calendar buckets of ChargePeriodStart: $interval is 'day', 'week' (ISO weeks, starting Monday, as
-- DuckDB's date_trunc('week') does) or 'month'. $from/$to bound ChargePeriodStart half-open, [from, to); NULL = unbounded.
-- Costs are never summed across currencies (one row per BillingCurrency). $team keeps one team's rows; NULL = all.
-- /*GROUP*/ is replaced by a fixed column expression chosen in C# (CostDimension, or '(all)'), never by user text.
SELECT CAST(date_trunc(CAST($interval AS VARCHAR), ChargePeriodStart) AS DATE) AS period,
       /*GROUP*/                                                               AS "group",
       BillingCurrency                                                         AS currency,
       sum(BilledCost)                                                         AS billedCost,
       sum(EffectiveCost)                                                      AS effectiveCost,
       count(*)                                                                AS "rows"
FROM allocated_costs($from, $to, $rules)
WHERE CAST($team AS VARCHAR) IS NULL OR team = CAST($team AS VARCHAR)
GROUP BY 1, 2, 3
ORDER BY period, currency, billedCost DESC, "group"
