-- The (ProviderName, BillingAccountId, BillingPeriodStart) keys that a delivery's files ($staged) delivered, each as one
-- JSON object for restate_billing_delivery.sql. The files are matched with a list filter, not IN (subquery): the
-- delivery's rows are still uncommitted, DuckDB's estimates count them as none, and a join could build its hash table
-- on all of them (a 1M-row CUR delivery ran out of an import's 128 MiB that way: BENCHMARKS.md §23).
SELECT CAST(to_json({'p': ProviderName, 'a': BillingAccountId, 's': BillingPeriodStart}) AS VARCHAR)
FROM (
    SELECT DISTINCT ProviderName, BillingAccountId, BillingPeriodStart
    FROM focus_line_items
    WHERE list_contains(CAST(from_json($staged, '["VARCHAR"]') AS VARCHAR[]), import_id)
)
