-- The last sample time of any availability SLI series ($metrics: the probe and request metrics), for "as of":
-- a report's windows end at the injected clock's now, or earlier where the data ends (old imports), like the cost
-- forecast's last complete day with data.
SELECT max(ts) FROM metric_samples
WHERE metric IN (SELECT unnest(from_json(CAST($metrics AS VARCHAR), '["VARCHAR"]'))) AND service <> '_unmapped'
