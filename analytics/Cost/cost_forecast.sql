-- Month-to-date spend and the statistics of recent daily spend that project it to the month end (FinOps Foundation
-- Framework, "Forecasting" capability: trend-based forecast of the run rate, with a range). Every row is allocated by
-- allocated_costs (allocated_costs.sql); /*COST*/ is the FOCUS column of the basis (EffectiveCost or BilledCost) and
-- /*GROUP*/ a fixed expression (team, service or '(all)'), both constants chosen in C#, never user text.
-- Days are UTC days of ChargePeriodStart up to $through_end (exclusive: the day after 'as of', the last complete day).
--   mtd   = spend in [$month_start, $through_end), exact;
--   trailing days = the days in [$trailing_start, $through_end) from the group's first day with spend (a day without
--   rows counts as 0, so a quiet day lowers the run rate); mean and sample standard deviation of their daily spend.
--   weekday profile (as the cloud consoles' forecasts, which follow the weekly cycle): the mean and count of the
--   trailing days of each ISO weekday, in weekday order, only when all 7 weekdays were seen at least twice (so with
--   two full weeks or more), and the sum of squared differences of each day from its weekday's mean.
-- The projection and its band are computed in C# (MonthEndProjection). Currencies are never summed together.
WITH daily AS MATERIALIZED (
    SELECT /*GROUP*/ AS "group", BillingCurrency AS currency, CAST(ChargePeriodStart AS DATE) AS day, sum(/*COST*/) AS cost
    FROM allocated_costs(least(CAST($month_start AS TIMESTAMP), CAST($trailing_start AS TIMESTAMP)), $through_end, $rules)
    WHERE CAST($team AS VARCHAR) IS NULL OR team = CAST($team AS VARCHAR)
    GROUP BY 1, 2, 3
),
groups AS (
    SELECT "group", currency, min(day) AS first_day FROM daily GROUP BY 1, 2
),
calendar AS (
    SELECT CAST(d AS DATE) AS day
    FROM range(CAST($trailing_start AS TIMESTAMP), CAST($through_end AS TIMESTAMP), INTERVAL 1 DAY) AS t(d)
),
trailing_days AS (
    SELECT g."group", g.currency, c.day, CAST(coalesce(d.cost, 0) AS DOUBLE) AS cost
    FROM groups g
    JOIN calendar c ON c.day >= g.first_day
    LEFT JOIN daily d ON d."group" = g."group" AND d.currency = g.currency AND d.day = c.day
),
stats AS (
    SELECT "group", currency, avg(cost) AS mean, stddev_samp(cost) AS spread, count(*) AS days
    FROM trailing_days GROUP BY 1, 2
),
weekday_means AS (
    SELECT "group", currency, isodow(day) AS dow, avg(cost) AS mean, count(*) AS days
    FROM trailing_days GROUP BY 1, 2, 3
),
weekdays AS (
    SELECT "group", currency, list(mean ORDER BY dow) AS means, list(days ORDER BY dow) AS counts
    FROM weekday_means GROUP BY 1, 2
    HAVING count(*) = 7 AND min(days) >= 2
),
residuals AS (
    SELECT t."group", t.currency, sum((t.cost - w.mean) * (t.cost - w.mean)) AS sse
    FROM trailing_days t
    JOIN weekday_means w ON w."group" = t."group" AND w.currency = t.currency AND w.dow = isodow(t.day)
    GROUP BY 1, 2
),
mtd AS (
    SELECT "group", currency, sum(cost) AS mtd
    FROM daily WHERE day >= CAST($month_start AS DATE) GROUP BY 1, 2
)
SELECT g."group", g.currency, coalesce(m.mtd, 0) AS mtd, s.mean, s.spread, coalesce(s.days, 0) AS days,
       w.means, w.counts, r.sse
FROM groups g
LEFT JOIN mtd m ON m."group" = g."group" AND m.currency = g.currency
LEFT JOIN stats s ON s."group" = g."group" AND s.currency = g.currency
LEFT JOIN weekdays w ON w."group" = g."group" AND w.currency = g.currency
LEFT JOIN residuals r ON r."group" = g."group" AND r.currency = g.currency
ORDER BY g.currency, mtd DESC, g."group"
