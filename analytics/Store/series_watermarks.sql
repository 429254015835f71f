-- The last stored timestamp (Unix ms) of every series of one service: where a service grain's
-- duplicate filter starts after activation (Prometheus's rule: a sample at or before it is not new).
SELECT series_id, epoch_ms(max(ts)) AS last_ms
FROM metric_samples
WHERE service = $service
GROUP BY series_id
