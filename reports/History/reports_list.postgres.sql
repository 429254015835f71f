-- The cluster's report history, newest period first (the PostgreSQL form of reports_list.sql); @team limits to one
-- team's reports (NULL = all); @id picks one report (NULL = all). FOR UPDATE is appended when a re-run reads the row
-- it replaces.
SELECT id, kind, period, team, period_from, period_to, generated_at, trigger, directory, formats::text, generations
FROM insights_reports
WHERE (@id::text IS NULL OR id = @id)
  AND (@team::text IS NULL OR team = @team)
ORDER BY period_from DESC, kind, team NULLS FIRST
