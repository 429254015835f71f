-- Realised savings (issue 8), PostgreSQL form of realised_savings.sql for the cluster's cleanup tables: the finding's
-- monthly EffectiveCost savings as recorded when its first Stop, ScaleToZero or Delete step was done, counted once per
-- finding, and not counted while that step stands undone. DISTINCT ON … ORDER BY recorded_at stands for DuckDB's arg_min.
WITH saving_steps AS (
    SELECT finding_id, step_key, currency, monthly_savings, recorded_at
    FROM cleanup_steps
    WHERE phase = 'done' AND action IN ('Stop', 'ScaleToZero', 'Delete') AND monthly_savings IS NOT NULL
      AND step_key NOT IN (SELECT step_key FROM cleanup_steps WHERE phase = 'undone')
),
per_finding AS (
    SELECT DISTINCT ON (finding_id) finding_id, currency, monthly_savings
    FROM saving_steps
    ORDER BY finding_id, recorded_at
)
SELECT coalesce(currency, '') AS currency, CAST(sum(monthly_savings) AS numeric(18, 4)) AS monthly, count(*) AS resources
FROM per_finding
GROUP BY currency
ORDER BY currency
