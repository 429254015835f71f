-- Rows stored per kind of data, with the time range each covers.
SELECT 'metrics' AS kind, count(*) AS rows, count(DISTINCT series_id) AS series, min(ts) AS first, max(ts) AS last FROM metric_samples
UNION ALL
SELECT 'logs', count(*), NULL, min(ts), max(ts) FROM log_events
UNION ALL
SELECT 'billing', count(*), NULL, min(ChargePeriodStart), max(ChargePeriodEnd) FROM focus_line_items
