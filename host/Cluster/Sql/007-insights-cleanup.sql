-- Cleanup's state in cluster mode (PostgresCleanupStore): the same plans, approvals, step phases and audit chain as the
-- embedded DuckDB tables (cleanup/Store/cleanup_schema.sql), shared by every silo and every CLI process configured for
-- the cluster, so a plan made on one silo is approved through another's API and applied by whichever silo's Hangfire
-- worker takes the batch. Plans, approvals, steps and audit are insert-only (PostgresCleanupStore has no UPDATE or
-- DELETE for them); cleanup_step_claims is the one table whose rows change: it is the lock row of a step, not history.
CREATE TABLE IF NOT EXISTS cleanup_plans
(
    id text NOT NULL,                    -- pln_ + 12 hex
    policy text NOT NULL,
    created_at timestamptz NOT NULL,
    hash text NOT NULL,                  -- sha256 of the policy and every item (CleanupPlan.HashOf)
    fleet integer NOT NULL,              -- resources of the policy's scope in any state (P% cap base)
    cap integer NOT NULL,                -- most items this run may hold
    items json NOT NULL,                 -- CleanupPlanItem[] (json, not jsonb: the text is kept as written)
    decisions json NOT NULL,             -- CleanupDecision[]
    CONSTRAINT pk_cleanup_plans PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS ix_cleanup_plans_created ON cleanup_plans (created_at DESC);

CREATE TABLE IF NOT EXISTS cleanup_approvals
(
    plan_id text NOT NULL REFERENCES cleanup_plans (id),
    plan_hash text NOT NULL,             -- the exact plan approved
    approved_by text NOT NULL,
    approved_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_cleanup_approvals_plan ON cleanup_approvals (plan_id);

-- A step's life as phase rows: started, then done or failed (a failed or abandoned step may start again), undone.
CREATE TABLE IF NOT EXISTS cleanup_steps
(
    step_id text NOT NULL,               -- stp_ + 12 hex of step_key: what `insights cleanup undo` takes
    step_key text NOT NULL,              -- plan/finding/action
    phase text NOT NULL,                 -- started | done | failed | undone
    recorded_at timestamptz NOT NULL,
    plan_id text NOT NULL,
    finding_id text NOT NULL,
    resource_id text NOT NULL,
    resource_type text NOT NULL,
    team text NULL,
    action text NOT NULL,                -- Notify | Stop | ScaleToZero | Snapshot | Verify | Delete | Start | RestoreReplicas
    provider text NOT NULL,
    previous_replicas integer NULL,      -- ScaleToZero: what undo restores
    monthly_savings numeric(18, 4) NULL, -- done Stop/ScaleToZero/Delete: realised savings
    currency text NULL,
    detail text NULL,
    instance text NOT NULL               -- the silo or CLI process (host/pid) that wrote the row
);
CREATE INDEX IF NOT EXISTS ix_cleanup_steps_key ON cleanup_steps (step_key);
CREATE INDEX IF NOT EXISTS ix_cleanup_steps_id ON cleanup_steps (step_id);
CREATE INDEX IF NOT EXISTS ix_cleanup_steps_finding ON cleanup_steps (finding_id);
CREATE INDEX IF NOT EXISTS ix_cleanup_steps_plan ON cleanup_steps (plan_id);

-- One row per step key: who holds it and where it stands. A worker claims a step under a session advisory lock held
-- until its outcome is recorded (a worker that dies drops the lock with its connection, and the next attempt takes the
-- step over at once: no lease times). The partial unique index is the database's own guarantee that one resource never
-- has the same action claimed or done twice at once across plans and silos; Notify is exempt (the owner hears before
-- every rung).
CREATE TABLE IF NOT EXISTS cleanup_step_claims
(
    step_key text NOT NULL,
    step_id text NOT NULL,
    plan_id text NOT NULL,
    resource_id text NOT NULL,
    action text NOT NULL,
    state text NOT NULL,                 -- started | done | failed | undone | abandoned (its worker died mid-step)
    claimed_at timestamptz NOT NULL,
    claimed_by text NOT NULL,            -- host/pid of the worker's process
    attempts integer NOT NULL DEFAULT 1,
    CONSTRAINT pk_cleanup_step_claims PRIMARY KEY (step_key)
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_cleanup_step_claims_resource ON cleanup_step_claims (resource_id, action)
    WHERE state IN ('started', 'done') AND action <> 'Notify';

CREATE TABLE IF NOT EXISTS cleanup_audit
(
    seq bigint NOT NULL,                 -- 1, 2, 3 … in append order across the cluster
    recorded_at timestamptz NOT NULL,
    kind text NOT NULL,                  -- plan | decision | approve | refuse | step | skip | kill | undo
    plan_id text NULL,
    finding_id text NULL,
    resource_id text NULL,
    action text NULL,
    outcome text NOT NULL,
    detail text NOT NULL,
    actor text NOT NULL,
    evidence json NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL,                  -- sha256(prev_hash | this row): an edited or removed row breaks the chain
    instance text NOT NULL,
    -- The chain is appended under a transaction-scoped advisory lock; the key makes a forked chain impossible anyway.
    CONSTRAINT pk_cleanup_audit PRIMARY KEY (seq)
);
CREATE INDEX IF NOT EXISTS ix_cleanup_audit_plan ON cleanup_audit (plan_id, seq);

-- The run-time kill switch for the whole cluster (embedded mode: the data directory's cleanup.kill file): engaged
-- through any silo's API or a CLI process configured for the cluster, read by every silo's workers before each item.
-- At most one row; engaging upserts it, releasing deletes it (both are in the audit chain).
CREATE TABLE IF NOT EXISTS cleanup_kill_switch
(
    id smallint NOT NULL,
    reason text NOT NULL,                -- JSON: at, by, reason
    engaged_at timestamptz NOT NULL,
    instance text NOT NULL,
    CONSTRAINT pk_cleanup_kill_switch PRIMARY KEY (id),
    CONSTRAINT ck_cleanup_kill_switch_one_row CHECK (id = 1)
);
