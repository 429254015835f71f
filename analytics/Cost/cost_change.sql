-- Change of spend vs the previous period of equal length and vs a configured baseline period, per team and overall
-- (FinOps Foundation Framework, "Reporting & Analytics": period-over-period variance of run rates; the seed's
-- "25%+ cost reduction" KPI is the current daily cost vs the baseline's daily average, so periods of different
-- lengths compare fairly). Every row is allocated by
-- allocated_costs (allocated_costs.sql) and /*COST*/ is the FOCUS column of the chosen basis (EffectiveCost = amortized,
-- or BilledCost = invoiced), a constant chosen in C#.
-- Periods bound ChargePeriodStart half-open: current [$from, $to), previous [$previous_from, $from), baseline
-- [$baseline_from, $baseline_to) (with no baseline configured, C# passes an empty window, [from, from)). This query returns the sums
-- per team, currency and period; the per-day normalisation and ratios are computed exactly in C# (CostChange).
-- Currencies are never summed together. '(all)' is every team together; a team-limited caller ($team) gets its team only.
WITH periods AS (
    SELECT 'current' AS period, team, BillingCurrency AS currency, sum(/*COST*/) AS cost
    FROM allocated_costs($from, $to, $rules)
    GROUP BY ALL
    UNION ALL
    SELECT 'previous', team, BillingCurrency, sum(/*COST*/)
    FROM allocated_costs($previous_from, $from, $rules)
    GROUP BY ALL
    UNION ALL
    SELECT 'baseline', team, BillingCurrency, sum(/*COST*/)
    FROM allocated_costs($baseline_from, $baseline_to, $rules)
    GROUP BY ALL
),
scoped AS (
    SELECT period, team, currency, cost FROM periods
    WHERE CAST($team AS VARCHAR) IS NULL OR team = CAST($team AS VARCHAR)
    UNION ALL
    SELECT period, '(all)', currency, sum(cost) FROM periods
    WHERE CAST($team AS VARCHAR) IS NULL
    GROUP BY ALL
)
SELECT team,
       currency,
       sum(cost) FILTER (WHERE period = 'current')  AS current_cost,
       sum(cost) FILTER (WHERE period = 'previous') AS previous_cost,
       sum(cost) FILTER (WHERE period = 'baseline') AS baseline_cost
FROM scoped
GROUP BY team, currency
ORDER BY currency, team = '(all)' DESC, team
