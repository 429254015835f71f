-- The report history, newest period first; $team limits to one team's reports plus the org-wide ones it may read
-- (NULL = all); $id picks one report (NULL = all); $kind the latest of one kind (NULL = all).
SELECT id, kind, period, team, period_from, period_to, generated_at, trigger, directory, CAST(formats AS VARCHAR), generations
FROM reports
WHERE ($id IS NULL OR id = $id)
  AND ($kind IS NULL OR kind = $kind)
  AND ($team IS NULL OR team = $team)
ORDER BY period_from DESC, kind, team NULLS FIRST;
