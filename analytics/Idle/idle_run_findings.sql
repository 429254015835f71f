-- One persisted run's findings (idle_schema.sql), filtered as GET /api/v1/idle-resources and insights idle filter
-- (team exact, type and environment without case, state, minimum monthly savings; a null parameter does not filter),
-- or one finding by $id, in the contract's order: monthly savings descending with unknown last, then id.
SELECT evidence
FROM idle_findings
WHERE run_id = $run
  AND ($id IS NULL OR finding_id = $id)
  AND ($team IS NULL OR team = $team)
  AND ($type IS NULL OR lower(resource_type) = lower($type))
  AND ($state IS NULL OR state = $state)
  AND ($environment IS NULL OR lower(environment) = lower($environment))
  AND ($min_savings IS NULL OR monthly_savings >= CAST($min_savings AS DECIMAL(18, 4)))
ORDER BY monthly_savings IS NULL, monthly_savings DESC, finding_id
