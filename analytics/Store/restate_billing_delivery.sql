-- Restatement of a delivery written straight into focus_line_items (BillingDeliveryTransaction): providers re-deliver
-- a billing period several times a month (AWS CUR, Azure and GCP exports are cumulative month-to-date, FOCUS exports
-- likewise), and each delivery supersedes the earlier ones. So the commit deletes the stored rows of every
-- (ProviderName, BillingAccountId, BillingPeriodStart) its files delivered — run once per such key ($key, from
-- billing_delivery_keys.sql) — except the rows of the delivery itself ($delivery: its new rows, and the multi-part
-- files of one AWS CUR delivery imported before). Rows an earlier, crashed attempt of the same content committed were
-- already deleted when this attempt wrote its first row.
-- Runs in the delivery's transaction, which sees its own uncommitted rows: readers see the old rows or the new ones,
-- never a mix. Only filters, no join: see billing_delivery_keys.sql for why. Returns the key of each deleted row, so
-- the commit can say what it restated.
DELETE FROM focus_line_items
WHERE ProviderName IS NOT DISTINCT FROM json_extract_string($key, '$.p')
  AND BillingAccountId IS NOT DISTINCT FROM json_extract_string($key, '$.a')
  AND BillingPeriodStart = CAST(json_extract_string($key, '$.s') AS TIMESTAMP)
  AND NOT list_contains(CAST(from_json($delivery, '["VARCHAR"]') AS VARCHAR[]), import_id)
RETURNING ProviderName, BillingAccountId, BillingPeriodStart
