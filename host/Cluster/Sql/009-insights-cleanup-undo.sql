-- Undo claimed once across the cluster (PostgresUndoClaims, issue 9 / issue 8's undo): a step's claim row moves
-- done → undoing → undone (or back to done when the undo fails) by conditional UPDATEs, so two undo requests on any
-- silos run one reverse action. The owner holds a session advisory lock on the step's undo key until it records the
-- outcome; a row left undoing whose lock is free was left by a process that died, and the next undo resumes it.
-- Idempotent: ADD COLUMN IF NOT EXISTS, and 007's index is dropped by its name and created wider under a new one
-- (007 itself is left as it was, so its recorded hash still matches and db init does not re-apply it). The claim
-- states are now started | done | failed | undoing | undone | abandoned.
ALTER TABLE cleanup_step_claims ADD COLUMN IF NOT EXISTS undo_by text NULL;                     -- host/pid undoing / that undid
ALTER TABLE cleanup_step_claims ADD COLUMN IF NOT EXISTS undo_at timestamptz NULL;              -- when that undo started
ALTER TABLE cleanup_step_claims ADD COLUMN IF NOT EXISTS undo_attempts integer NOT NULL DEFAULT 0;

-- 007's index, widened to undoing: while a stop is being undone no other plan may stop the resource (its start is on
-- the way); undone leaves the index, so a later plan's new stop of the resource starts a new claim cycle.
DROP INDEX IF EXISTS ux_cleanup_step_claims_resource;
CREATE UNIQUE INDEX IF NOT EXISTS ux_cleanup_step_claims_resource_live ON cleanup_step_claims (resource_id, action)
    WHERE state IN ('started', 'done', 'undoing') AND action <> 'Notify';
