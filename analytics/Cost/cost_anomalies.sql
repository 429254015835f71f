-- Cost anomalies (FinOps Foundation Framework, "Anomaly Management" capability: detect unexpected spend per service
-- against its own recent baseline, with the cost impact). Every row is allocated by allocated_costs
-- (allocated_costs.sql); /*COST*/ is the FOCUS column of the basis (EffectiveCost by default: amortized, so a
-- commitment purchase on the 1st is not a spike), a constant chosen in C#.
-- A service's daily cost (UTC days of ChargePeriodStart, per currency; days without rows between its first day and the
-- last day with data count as 0) is compared with the robust statistics of its previous $window days:
--   the same weekday's days when there are at least $min_weekday of them (weekly rhythm: weekends vs weekdays),
--   else the same kind of day (Saturday/Sunday vs Monday-Friday) when there are $min_weekday of those,
--   else every day of the window; a day with fewer than $min_samples days of history is not judged.
--   expected = median of those days; mad = median of |sample − expected| (median absolute deviation).
-- The robust z-score ((actual − expected) / (1.4826·MAD), floored spread), severity and impact (actual − expected)
-- are computed in C# (CostAnomalyScore). Days judged: [$from, $to); history is read from $read_from = $from − $window days.
WITH daily AS MATERIALIZED (
    SELECT service, BillingCurrency AS currency, CAST(ChargePeriodStart AS DATE) AS day, sum(/*COST*/) AS cost
    FROM allocated_costs($read_from, $to, $rules)
    WHERE CAST($team AS VARCHAR) IS NULL OR team = CAST($team AS VARCHAR)
    GROUP BY 1, 2, 3
),
services AS (
    SELECT service, currency, min(day) AS first_day FROM daily GROUP BY 1, 2
),
calendar AS (
    SELECT CAST(d AS DATE) AS day
    FROM range(CAST($read_from AS TIMESTAMP), (SELECT max(day) FROM daily) + INTERVAL 1 DAY, INTERVAL 1 DAY) AS t(d)
),
filled AS (
    SELECT s.service, s.currency, c.day, CAST(coalesce(d.cost, 0) AS DOUBLE) AS cost, coalesce(d.cost, 0) AS exact_cost
    FROM services s
    JOIN calendar c ON c.day >= s.first_day
    LEFT JOIN daily d ON d.service = s.service AND d.currency = s.currency AND d.day = c.day
),
pairs AS (
    SELECT t.service, t.currency, t.day, t.exact_cost, b.cost AS sample, dayofweek(b.day) = dayofweek(t.day) AS same_weekday,
           (dayofweek(b.day) IN (0, 6)) = (dayofweek(t.day) IN (0, 6)) AS same_kind
    FROM filled t
    JOIN filled b
      ON b.service = t.service AND b.currency = t.currency
     AND b.day >= t.day - CAST($window AS INTEGER) AND b.day < t.day
    WHERE t.day >= CAST($from AS DATE)
),
counts AS (
    SELECT service, currency, day, count(*) AS samples, count(*) FILTER (WHERE same_weekday) AS weekday_samples,
           count(*) FILTER (WHERE same_kind) AS kind_samples
    FROM pairs GROUP BY 1, 2, 3
),
chosen AS (
    SELECT p.service, p.currency, p.day, p.exact_cost, p.sample,
           CASE WHEN c.weekday_samples >= CAST($min_weekday AS INTEGER) THEN 'weekday'
                WHEN c.kind_samples >= CAST($min_weekday AS INTEGER) THEN 'day-kind'
                ELSE 'all' END AS compared_with
    FROM pairs p
    JOIN counts c ON c.service = p.service AND c.currency = p.currency AND c.day = p.day
    WHERE c.samples >= CAST($min_samples AS INTEGER)
      AND CASE WHEN c.weekday_samples >= CAST($min_weekday AS INTEGER) THEN p.same_weekday
               WHEN c.kind_samples >= CAST($min_weekday AS INTEGER) THEN p.same_kind
               ELSE true END
),
medians AS (
    SELECT service, currency, day, any_value(exact_cost) AS actual, any_value(compared_with) AS compared_with,
           median(sample) AS expected, count(*) AS samples
    FROM chosen GROUP BY 1, 2, 3
)
SELECT m.service, m.currency, m.day, m.actual, m.expected, median(abs(c.sample - m.expected)) AS mad, m.samples, m.compared_with
FROM medians m
JOIN chosen c ON c.service = m.service AND c.currency = m.currency AND c.day = m.day
GROUP BY m.service, m.currency, m.day, m.actual, m.expected, m.samples, m.compared_with
ORDER BY m.day, m.service, m.currency
