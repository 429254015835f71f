-- Allocation hygiene per account (FinOps Foundation Framework, "Allocation" capability, whose KPIs include the
-- percentage of unallocated / untagged spend and tag coverage): every row allocated by allocated_costs (allocated_costs.sql).
--   unallocated share = cost whose team is 'unallocated' / all cost of the account;
--   tag coverage      = cost of rows carrying an allocation-relevant tag / all cost of the account. A row carries one
--                       when the allocation used it: allocated by catalog cost-tags or by tag keys, or a service or
--                       environment came from its tags (shared-cost parts count by their environment tag only).
-- Account = FOCUS SubAccountId, else BillingAccountId. /*COST*/ is the basis' FOCUS column (a constant chosen in C#).
-- Per currency (never summed together); ChargePeriodStart in [$from, $to), NULL = unbounded. Ratios are computed in C#.
SELECT coalesce(SubAccountId, BillingAccountId, '(none)')                 AS account,
       any_value(coalesce(SubAccountName, BillingAccountName))             AS account_name,
       BillingCurrency                                                     AS currency,
       sum(/*COST*/)                                                       AS cost,
       coalesce(sum(/*COST*/) FILTER (WHERE team = 'unallocated'), 0)      AS unallocated_cost,
       coalesce(sum(/*COST*/) FILTER (WHERE allocated_by IN ('catalog', 'tag')
                                   OR (allocated_by <> 'shared' AND service <> 'unallocated')
                                   OR environment <> 'unallocated'), 0)   AS tagged_cost
FROM allocated_costs($from, $to, $rules)
WHERE CAST($team AS VARCHAR) IS NULL OR team = CAST($team AS VARCHAR)
GROUP BY 1, 3
ORDER BY currency, unallocated_cost DESC, account
