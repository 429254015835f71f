-- What the idle findings depend on in the store, read cheaply (row counts are table metadata; the billing sum scans one
-- column of a table far smaller than the samples): the last idle-metric sample ($metrics: JSON list of names; the
-- detector's "as of", as Uptime/sli_data_end.sql does for the SLIs), rows of samples and series, FOCUS rows and their
-- EffectiveCost, and catalog services (team ownership). A run whose mark differs from the store's now read older data.
SELECT (SELECT max(ts) FROM metric_samples WHERE metric IN (SELECT unnest(from_json(CAST($metrics AS VARCHAR), '["VARCHAR"]')))) AS data_end,
       (SELECT count(*) FROM metric_samples) AS samples,
       (SELECT count(*) FROM metric_series) AS series,
       (SELECT count(*) FROM focus_line_items) AS billing_rows,
       (SELECT CAST(coalesce(sum(EffectiveCost), 0) AS VARCHAR) FROM focus_line_items) AS billing_cost,
       (SELECT count(*) FROM catalog_services) AS catalog_services
