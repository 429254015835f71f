-- Cluster mode: a billing delivery's rows for the lake (LakeBillingPublication, after the restatement in the same
-- transaction: restate_billing_delivery.sql or restate_billing_periods.sql). Every row this store now holds for each
-- provider + billing account + billing period the delivery's files ($staged) delivered — its new rows and rows of the
-- same delivery imported before — tagged with this publication's id and time and the delivery's key (its --delivery
-- name, else the publication's id). The lake's focus_line_items view keeps, per period, the delivery of the latest
-- publication, and of each of its parts (import_id) the latest publication's rows (FOCUS restatement, as the embedded
-- store does; parts of a named delivery published by different silos add up).
CREATE OR REPLACE TEMP TABLE lake_billing AS
SELECT f.*, CAST($delivery_id AS VARCHAR) AS delivery_id, CAST($delivered_at AS TIMESTAMP) AS delivered_at,
       CAST($delivery_key AS VARCHAR) AS delivery_key
FROM focus_line_items f
SEMI JOIN (
    SELECT DISTINCT ProviderName, BillingAccountId, BillingPeriodStart
    FROM focus_line_items
    WHERE import_id IN (SELECT unnest(from_json($staged, '["VARCHAR"]')))
) k
  ON f.ProviderName IS NOT DISTINCT FROM k.ProviderName
 AND f.BillingAccountId IS NOT DISTINCT FROM k.BillingAccountId
 AND f.BillingPeriodStart = k.BillingPeriodStart
