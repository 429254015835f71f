-- Realised savings (issue 8; issue 7's "savings … realised"), PostgreSQL form of realised_savings.sql for the cluster's
-- cleanup tables: the finding's monthly EffectiveCost savings as recorded when its first Stop, ScaleToZero or Delete step
-- was done, counted once per finding, and not counted while that step stands undone. DISTINCT ON … ORDER BY recorded_at
-- stands for DuckDB's arg_min. $1/$2: the window [from, to) the first saving step falls in (NULL = unbounded); $3: one team or NULL.
WITH saving_steps AS (
    SELECT finding_id, step_key, team, currency, monthly_savings, recorded_at
    FROM cleanup_steps
    WHERE phase = 'done' AND action IN ('Stop', 'ScaleToZero', 'Delete') AND monthly_savings IS NOT NULL
      AND step_key NOT IN (SELECT step_key FROM cleanup_steps WHERE phase = 'undone')
),
per_finding AS (
    SELECT DISTINCT ON (finding_id) finding_id, team, currency, monthly_savings, recorded_at AS first_saved_at
    FROM saving_steps
    ORDER BY finding_id, recorded_at
)
SELECT coalesce(currency, '') AS currency, CAST(sum(monthly_savings) AS numeric(18, 4)) AS monthly, count(*) AS resources
FROM per_finding
WHERE ($1::timestamptz IS NULL OR first_saved_at >= $1::timestamptz)
  AND ($2::timestamptz IS NULL OR first_saved_at < $2::timestamptz)
  AND ($3::text IS NULL OR team = $3::text)
GROUP BY currency
ORDER BY currency
