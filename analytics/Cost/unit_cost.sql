-- Unit cost: cost per 1,000 requests per service (FinOps Foundation Framework, "Unit Economics" capability: cost per
-- unit of business value; requests are the unit here). Cost is allocated by allocated_costs (allocated_costs.sql),
-- per service and currency, BilledCost and EffectiveCost side by side, ChargePeriodStart in [$from, $to) (NULL = unbounded).
-- Requests are the increase of the request counters ($metrics: a JSON array of metric names, e.g. http_requests_total)
-- over the same window, summed over the service's series, the way PromQL's increase() treats counters: per series,
-- the sum of the differences between consecutive samples, where a drop is a counter reset and the sample after it
-- counts in full (the counter restarted from 0). NaN and infinite samples are skipped.
-- A service with no request series has requests NULL, so its unit cost is unknown (NULL), never 0.
WITH cost AS (
    SELECT service, BillingCurrency AS currency, sum(BilledCost) AS billed, sum(EffectiveCost) AS effective
    FROM allocated_costs($from, $to, $rules)
    WHERE CAST($team AS VARCHAR) IS NULL OR team = CAST($team AS VARCHAR)
    GROUP BY 1, 2
),
counters AS (
    SELECT series_id, service FROM metric_series
    WHERE metric IN (SELECT unnest(from_json(CAST($metrics AS VARCHAR), '["VARCHAR"]')))
),
samples AS (
    -- Only numbers go through the window's sort; the service is joined on per-series sums (BENCHMARKS.md §10b).
    SELECT series_id, value, value - lag(value) OVER (PARTITION BY series_id ORDER BY ts) AS delta
    FROM metric_samples
    WHERE series_id IN (SELECT series_id FROM counters)
      AND isfinite(value)
      AND (CAST($from AS TIMESTAMP) IS NULL OR ts >= CAST($from AS TIMESTAMP))
      AND (CAST($to AS TIMESTAMP) IS NULL OR ts < CAST($to AS TIMESTAMP))
),
requests AS (
    SELECT k.service, sum(p.requests) AS requests
    FROM (
        SELECT series_id, sum(CASE WHEN delta IS NULL THEN 0 WHEN delta < 0 THEN value ELSE delta END) AS requests
        FROM samples
        GROUP BY series_id
    ) p
    JOIN counters k ON k.series_id = p.series_id
    GROUP BY k.service
)
SELECT c.service, c.currency, c.billed, c.effective, r.requests
FROM cost c
LEFT JOIN requests r ON r.service = c.service
ORDER BY c.currency, c.effective DESC, c.service
