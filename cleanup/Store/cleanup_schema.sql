-- Cleanup's own tables (issue 8), created by cleanup on first use so the store's numbered migrations stay the
-- detectors' and reports'. All four are append-only: CleanupStore only ever INSERTs (no UPDATE or DELETE statement
-- exists for them); a step's life is a sequence of phase rows, an approval a new row, the audit a hash chain.
CREATE TABLE IF NOT EXISTS cleanup_plans (
    id         VARCHAR NOT NULL,     -- pln_ + 12 hex
    policy     VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,   -- UTC
    hash       VARCHAR NOT NULL,     -- sha256 of the policy and every item (CleanupPlan.HashOf)
    fleet      INTEGER NOT NULL,     -- resources of the policy's types/teams/environments in any state (P% cap base)
    cap        INTEGER NOT NULL,     -- most items this run may hold
    items      JSON NOT NULL,        -- CleanupPlanItem[]
    decisions  JSON NOT NULL         -- CleanupDecision[]: selected but not acted on, and why
);
CREATE TABLE IF NOT EXISTS cleanup_approvals (
    plan_id     VARCHAR NOT NULL,
    plan_hash   VARCHAR NOT NULL,    -- the exact plan approved
    approved_by VARCHAR NOT NULL,
    approved_at TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS cleanup_steps (
    step_id           VARCHAR NOT NULL,  -- stp_ + 12 hex of step_key: what `insights cleanup undo` takes
    step_key          VARCHAR NOT NULL,  -- plan/finding/action: a re-run of a job finds it done and skips it
    phase             VARCHAR NOT NULL,  -- started | done | failed | undone
    recorded_at       TIMESTAMP NOT NULL,
    plan_id           VARCHAR NOT NULL,
    finding_id        VARCHAR NOT NULL,
    resource_id       VARCHAR NOT NULL,
    resource_type     VARCHAR NOT NULL,
    team              VARCHAR,
    action            VARCHAR NOT NULL,  -- Notify | Stop | ScaleToZero | Snapshot | Verify | Delete | Start | RestoreReplicas
    provider          VARCHAR NOT NULL,
    previous_replicas INTEGER,           -- ScaleToZero: what undo restores
    monthly_savings   DECIMAL(18,4),     -- done Stop/ScaleToZero/Delete: realised savings; undone: negated
    currency          VARCHAR,
    detail            VARCHAR
);
CREATE TABLE IF NOT EXISTS cleanup_audit (
    seq         BIGINT NOT NULL,     -- 1, 2, 3 … in append order
    recorded_at TIMESTAMP NOT NULL,
    kind        VARCHAR NOT NULL,    -- plan | decision | approve | refuse | step | skip | kill | undo
    plan_id     VARCHAR,
    finding_id  VARCHAR,
    resource_id VARCHAR,
    action      VARCHAR,
    outcome     VARCHAR NOT NULL,    -- planned | protected | iac_managed | dry_run | done | failed | changed | gone | killed | …
    detail      VARCHAR NOT NULL,
    actor       VARCHAR NOT NULL,    -- approver, cli, api, schedule, job
    evidence    JSON,                -- the finding (statistics, billing rows) the decision rested on
    prev_hash   VARCHAR NOT NULL,
    hash        VARCHAR NOT NULL     -- sha256(prev_hash | this row): an edited or removed row breaks the chain
);
