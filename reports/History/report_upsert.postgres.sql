-- Cluster report history (docs/SCHEMA.md, table insights_reports): a re-run of the same report id on any silo replaces
-- its row; generations counts every generation across the cluster so "replaced" can be said. Runs in the transaction
-- that read the old row FOR UPDATE, under the report's generation lock.
INSERT INTO insights_reports AS r (id, kind, period, team, period_from, period_to, generated_at, trigger, directory, formats, generations, instance)
VALUES (@id, @kind, @period, @team, @period_from, @period_to, @generated_at, @trigger, @directory, @formats, 1, @instance)
ON CONFLICT (id) DO UPDATE
    SET kind = excluded.kind, period = excluded.period, team = excluded.team, period_from = excluded.period_from,
        period_to = excluded.period_to, generated_at = excluded.generated_at, trigger = excluded.trigger,
        directory = excluded.directory, formats = excluded.formats, generations = r.generations + 1, instance = excluded.instance;
