-- Restatement: providers re-deliver a billing period several times a month (AWS CUR, Azure and GCP exports are
-- cumulative month-to-date, FOCUS exports likewise), and each delivery supersedes the earlier ones. So a commit
-- deletes the stored rows of every (ProviderName, BillingAccountId, BillingPeriodStart) it delivers, except the
-- rows of its own delivery's other files ($delivery: the multi-part files of one AWS CUR delivery, say), and
-- including rows an earlier, crashed attempt of the same content ($staged) may have committed.
-- Runs in the commit's transaction: readers see the old rows or the new ones, never a mix. Returns the key of
-- each deleted row, so the commit can say what it restated.
DELETE FROM focus_line_items f
USING (
    SELECT DISTINCT ProviderName, BillingAccountId, BillingPeriodStart
    FROM focus_staging
    WHERE list_contains(from_json($staged, '["VARCHAR"]'), import_id)
) k
WHERE f.ProviderName IS NOT DISTINCT FROM k.ProviderName
  AND f.BillingAccountId IS NOT DISTINCT FROM k.BillingAccountId
  AND f.BillingPeriodStart = k.BillingPeriodStart
  AND (NOT list_contains(from_json($delivery, '["VARCHAR"]'), f.import_id)
       OR list_contains(from_json($staged, '["VARCHAR"]'), f.import_id))
RETURNING f.ProviderName, f.BillingAccountId, f.BillingPeriodStart
