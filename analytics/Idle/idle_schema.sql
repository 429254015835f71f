-- The idle detector's runs and their findings (issue 8), created on first use like cleanup's tables, so the store's
-- numbered migrations stay untouched. The read path (GET /api/v1/idle-resources, insights idle, cleanup plans and their
-- re-checks) serves the latest complete run instead of recomputing every finding per call; a run's findings are
-- written before its 'complete' row, so a reader never sees half a run. The newest Insights:Idle:KeepRuns complete
-- runs are kept (IdleRunStore deletes older ones in the run's own write).
CREATE TABLE IF NOT EXISTS idle_runs (
    run_id             VARCHAR NOT NULL,    -- idr_ + start time + 8 hex
    status             VARCHAR NOT NULL,    -- complete | failed
    started_at         TIMESTAMP NOT NULL,  -- UTC, when the run read the store: the staleness bound counts from here
    completed_at       TIMESTAMP NOT NULL,  -- UTC
    as_of              TIMESTAMP,           -- the data's "as of" every rule window ends at (null: failed before)
    data_mark          VARCHAR,             -- the store's state the run read (IdleDataMark): a different mark = new data
    definition_version VARCHAR NOT NULL,    -- IdleClassifier.DefinitionVersion (each finding has its rule_version too)
    resources          BIGINT NOT NULL,     -- findings written (one per resource)
    duration_ms        BIGINT NOT NULL,
    error              VARCHAR,             -- failed runs: the exception's message
    seq                BIGINT NOT NULL      -- 1, 2, 3 … in write order: "latest" even when two runs share a clock reading
);
CREATE TABLE IF NOT EXISTS idle_findings (
    run_id          VARCHAR NOT NULL,
    finding_id      VARCHAR NOT NULL,       -- idl_ + 20 hex: the same resource and rule give the same id on every run
    resource_id     VARCHAR NOT NULL,
    resource_type   VARCHAR NOT NULL,
    team            VARCHAR,
    environment     VARCHAR,
    state           VARCHAR NOT NULL,       -- Active | Idle | Underutilized | Scheduled | Undetermined
    rule            VARCHAR NOT NULL,       -- e.g. vm.idle
    rule_version    VARCHAR NOT NULL,       -- definition version + hash of the thresholds and windows applied
    actionable      BOOLEAN NOT NULL,
    monthly_savings DECIMAL(18, 4),         -- null = unknown (no billing match)
    currency        VARCHAR,
    evidence        JSON NOT NULL           -- the whole IdleFinding: window, coverage, statistics + thresholds, billing rows, tags
);
