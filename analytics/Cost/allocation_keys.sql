-- allocation_keys: the distinct allocation keys of the billing rows -- every column a rule of allocated_costs.sql looks
-- at (Tags for catalog cost-tags, tag keys and tag-matched shared pools; SubAccountId / BillingAccountId for the account
-- map and account-matched pools; ServiceName for cloud-service pools) -- as a temp table on the reader connection.
-- Billing rows repeat a few thousand keys millions of times (BENCHMARKS.md §10c), so the rules run once per key, and a
-- real table with its exact (small) row count makes DuckDB build the rows' hash join on it, never on the billing rows.
CREATE OR REPLACE TEMP TABLE allocation_keys AS
SELECT DISTINCT CAST(Tags AS VARCHAR) AS tags, SubAccountId, BillingAccountId, ServiceName
FROM focus_line_items
