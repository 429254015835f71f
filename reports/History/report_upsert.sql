-- Report history (docs/SCHEMA.md, table reports): a re-run of the same report id replaces its row; generations counts
-- every generation so "replaced" can be said. Runs inside one transaction with the read of the old row.
DELETE FROM reports WHERE id = $id;
INSERT INTO reports (id, kind, period, team, period_from, period_to, generated_at, trigger, directory, formats, generations)
VALUES ($id, $kind, $period, $team, $period_from, $period_to, $generated_at, $trigger, $directory, $formats, $generations);
