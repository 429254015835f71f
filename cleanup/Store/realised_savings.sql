-- Realised savings (issue 8: "realised savings tracked after a cleanup"): the finding's monthly EffectiveCost savings
-- as recorded when its first Stop, ScaleToZero or Delete step was done, counted once per finding (a VM stopped and
-- later deleted saves its cost once), and not counted while that step stands undone.
WITH saving_steps AS (
    SELECT finding_id, step_key, currency, monthly_savings, recorded_at
    FROM cleanup_steps
    WHERE phase = 'done' AND action IN ('Stop', 'ScaleToZero', 'Delete') AND monthly_savings IS NOT NULL
      AND step_key NOT IN (SELECT step_key FROM cleanup_steps WHERE phase = 'undone')
),
per_finding AS (
    SELECT finding_id, arg_min(currency, recorded_at) AS currency, arg_min(monthly_savings, recorded_at) AS monthly_savings
    FROM saving_steps
    GROUP BY finding_id
)
SELECT currency, CAST(sum(monthly_savings) AS DECIMAL(18,4)) AS monthly, count(*) AS resources
FROM per_finding
GROUP BY currency
ORDER BY currency
