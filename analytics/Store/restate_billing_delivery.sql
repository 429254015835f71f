-- Restatement of a delivery written straight into focus_line_items (BillingDeliveryTransaction): providers re-deliver
-- a billing period several times a month (AWS CUR, Azure and GCP exports are cumulative month-to-date, FOCUS exports
-- likewise), and each delivery supersedes the earlier ones. So the commit deletes the stored rows of every
-- (ProviderName, BillingAccountId, BillingPeriodStart) its files ($staged) delivered, except the rows of the delivery
-- itself ($delivery: its new rows, and the multi-part files of one AWS CUR delivery imported before). Rows an earlier,
-- crashed attempt of the same content committed were already deleted when this attempt wrote its first row.
-- Runs in the delivery's transaction, which sees its own uncommitted rows: readers see the old rows or the new ones,
-- never a mix. Returns the key of each deleted row, so the commit can say what it restated.
DELETE FROM focus_line_items f
USING (
    SELECT DISTINCT ProviderName, BillingAccountId, BillingPeriodStart
    FROM focus_line_items
    WHERE import_id IN (SELECT unnest(from_json($staged, '["VARCHAR"]')))
) k
WHERE f.ProviderName IS NOT DISTINCT FROM k.ProviderName
  AND f.BillingAccountId IS NOT DISTINCT FROM k.BillingAccountId
  AND f.BillingPeriodStart = k.BillingPeriodStart
  AND f.import_id NOT IN (SELECT unnest(from_json($delivery, '["VARCHAR"]')))
RETURNING f.ProviderName, f.BillingAccountId, f.BillingPeriodStart
