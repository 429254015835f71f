-- Cluster mode: a billing delivery's rows for the lake (BillingDeliveryTransaction, after restate_billing_delivery.sql in
-- the same transaction). Every row this store now holds for each provider + billing account + billing period the
-- delivery's files ($staged) delivered — its new rows and rows of the same delivery imported before — tagged with the
-- delivery's id and time, so the lake's focus_line_items view keeps, per period, only the latest delivery (FOCUS
-- restatement, as restate_billing_delivery.sql does in the embedded store).
CREATE OR REPLACE TEMP TABLE lake_billing AS
SELECT f.*, CAST($delivery_id AS VARCHAR) AS delivery_id, CAST($delivered_at AS TIMESTAMP) AS delivered_at
FROM focus_line_items f
SEMI JOIN (
    SELECT DISTINCT ProviderName, BillingAccountId, BillingPeriodStart
    FROM focus_line_items
    WHERE import_id IN (SELECT unnest(from_json($staged, '["VARCHAR"]')))
) k
  ON f.ProviderName IS NOT DISTINCT FROM k.ProviderName
 AND f.BillingAccountId IS NOT DISTINCT FROM k.BillingAccountId
 AND f.BillingPeriodStart = k.BillingPeriodStart
