-- Realised savings (issue 8: "realised savings tracked after a cleanup"; issue 7: "idle-resource savings … realised"):
-- the finding's monthly EffectiveCost savings as recorded when its first Stop, ScaleToZero or Delete step was done,
-- counted once per finding (a VM stopped and later deleted saves its cost once), and not counted while that step
-- stands undone. $1/$2: the window [from, to) the first saving step falls in (NULL = unbounded); $3: one team or NULL.
WITH saving_steps AS (
    SELECT finding_id, step_key, team, currency, monthly_savings, recorded_at
    FROM cleanup_steps
    WHERE phase = 'done' AND action IN ('Stop', 'ScaleToZero', 'Delete') AND monthly_savings IS NOT NULL
      AND step_key NOT IN (SELECT step_key FROM cleanup_steps WHERE phase = 'undone')
),
per_finding AS (
    SELECT finding_id, arg_min(team, recorded_at) AS team, arg_min(currency, recorded_at) AS currency,
           arg_min(monthly_savings, recorded_at) AS monthly_savings, min(recorded_at) AS first_saved_at
    FROM saving_steps
    GROUP BY finding_id
)
SELECT currency, CAST(sum(monthly_savings) AS DECIMAL(18,4)) AS monthly, count(*) AS resources
FROM per_finding
WHERE ($1::TIMESTAMP IS NULL OR first_saved_at >= $1::TIMESTAMP)
  AND ($2::TIMESTAMP IS NULL OR first_saved_at < $2::TIMESTAMP)
  AND ($3::VARCHAR IS NULL OR team = $3::VARCHAR)
GROUP BY currency
ORDER BY currency
