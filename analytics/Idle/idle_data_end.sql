-- The last sample time of any idle metric ($metrics: JSON list of names), for the detector's "as of": an old import is
-- judged over the windows its data covers, not declared silent (as Uptime/sli_data_end.sql does for the SLIs).
SELECT max(ts) FROM metric_samples WHERE metric IN (SELECT unnest(from_json(CAST($metrics AS VARCHAR), '["VARCHAR"]')))
