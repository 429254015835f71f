-- Commitment discount KPIs per currency, every row allocated by allocated_costs (allocated_costs.sql), following the
-- FinOps Foundation's FOCUS use-case library (https://focus.finops.org/use-cases/: "Analyze commitment discount
-- utilization", "Identify unused commitments" (CommitmentDiscountStatus = 'Unused'), "Determine commitment discount
-- coverage") and the FinOps Framework "Rate Optimization" capability:
--   utilisation = EffectiveCost of commitment usage (CommitmentDiscountId set, CommitmentDiscountStatus 'Used')
--                 / (that + EffectiveCost of the unused commitment rows, status 'Unused'): used vs purchased.
--   coverage    = share of commitment-eligible usage covered by commitments, on the on-demand-equivalent ListCost
--                 (so discounted and undiscounted usage weigh alike): covered = ChargeCategory 'Usage' with
--                 PricingCategory 'Committed' (FOCUS) and not 'Unused'; eligible = that plus 'Standard' (on-demand)
--                 usage in the ServiceCategories commitments apply to: 'Compute', and any ServiceCategory of the
--                 provider that has commitment usage in the window. Spot ('Dynamic') and other pricing is not eligible.
--   spot share  = EffectiveCost of ChargeCategory 'Usage' with PricingCategory 'Dynamic' in ServiceCategory 'Compute'
--                 / EffectiveCost of all 'Compute' usage (unused commitment rows excluded).
-- $from/$to bound ChargePeriodStart half-open ([from, to), NULL = unbounded); $team keeps one team's rows (NULL = all).
-- Ratios are NULL when their denominator is 0 (nothing to measure), never 0.
WITH rows AS (
    SELECT BillingCurrency AS currency, ProviderName AS provider, ServiceCategory AS category, ChargeCategory AS charge,
           PricingCategory AS pricing, CommitmentDiscountId AS commitment, CommitmentDiscountStatus AS status,
           EffectiveCost AS effective, ListCost AS list
    FROM allocated_costs($from, $to, $rules)
    WHERE CAST($team AS VARCHAR) IS NULL OR team = CAST($team AS VARCHAR)
),
committed_categories AS (
    SELECT DISTINCT currency, provider, category FROM rows
    WHERE charge = 'Usage' AND pricing = 'Committed' AND coalesce(status, '') <> 'Unused'
),
measured AS (
    SELECT r.currency,
           r.charge = 'Usage' AND r.pricing = 'Committed' AND coalesce(r.status, '') <> 'Unused' AS covered,
           r.charge = 'Usage' AND r.pricing IN ('Committed', 'Standard') AND coalesce(r.status, '') <> 'Unused'
             AND (r.category = 'Compute' OR c.category IS NOT NULL)                             AS eligible,
           r.commitment IS NOT NULL AND r.status = 'Used'                                       AS used,
           r.commitment IS NOT NULL AND r.status = 'Unused'                                     AS unused,
           r.charge = 'Usage' AND r.category = 'Compute' AND coalesce(r.status, '') <> 'Unused' AS compute,
           r.charge = 'Usage' AND r.category = 'Compute' AND r.pricing = 'Dynamic'              AS spot,
           r.effective, r.list
    FROM rows r
    LEFT JOIN committed_categories c
      ON c.currency = r.currency AND c.provider IS NOT DISTINCT FROM r.provider AND c.category IS NOT DISTINCT FROM r.category
)
SELECT currency,
       coalesce(sum(list) FILTER (WHERE covered), 0)       AS covered_list,
       coalesce(sum(list) FILTER (WHERE eligible), 0)      AS eligible_list,
       coalesce(sum(effective) FILTER (WHERE used), 0)     AS used_effective,
       coalesce(sum(effective) FILTER (WHERE unused), 0)   AS unused_effective,
       coalesce(sum(effective) FILTER (WHERE spot), 0)     AS spot_effective,
       coalesce(sum(effective) FILTER (WHERE compute), 0)  AS compute_effective
FROM measured
GROUP BY currency
ORDER BY currency
