-- The cluster's shared ledgers: what must happen once across all silos is claimed here with PostgreSQL's own
-- guarantees (a primary key and ON CONFLICT, row locks, transaction-scoped advisory locks), never with locking of the
-- project's own making.

-- One row per scheduled report period generated in the cluster (report_runs claims: PostgresReportRunLedger). The row
-- is inserted in the transaction that generates the report and committed with it, so a silo that dies mid-report
-- leaves no row and the period can be generated again; a second silo sees the row and skips the period.
CREATE TABLE IF NOT EXISTS insights_report_runs
(
    schedule_key text NOT NULL,          -- weekly, monthly, team-<slug> (ScheduledReport.Key)
    period text NOT NULL,                -- 2026-W47, 2026-11
    period_from timestamptz NOT NULL,
    trigger text NOT NULL,               -- schedule | startup
    report_id text NULL,
    instance text NOT NULL,              -- the silo (host/pid) that generated it
    generated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_insights_report_runs PRIMARY KEY (schedule_key, period)
);

-- One row per file content imported into the cluster (PostgresImportLedger). import_id is the content hash
-- (ImportGrain's key), so the same bytes under any name on any silo meet the same row: a claim is an INSERT that the
-- primary key lets only one silo win; a failed or abandoned claim may be taken over.
CREATE TABLE IF NOT EXISTS insights_imports
(
    import_id text NOT NULL,
    kind text NOT NULL,
    path text NOT NULL,
    bytes bigint NOT NULL,
    status text NOT NULL,                -- running | staged | done | failed (ImportStatus)
    instance text NOT NULL,              -- the silo holding the claim, then the one that finished it
    attempts integer NOT NULL DEFAULT 1,
    started_at timestamptz NOT NULL,
    completed_at timestamptz NULL,
    read bigint NOT NULL DEFAULT 0,
    stored bigint NOT NULL DEFAULT 0,
    duplicates bigint NOT NULL DEFAULT 0,
    rejected bigint NOT NULL DEFAULT 0,
    CONSTRAINT pk_insights_imports PRIMARY KEY (import_id)
);
