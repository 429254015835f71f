-- The report history of a cluster (PostgresReportHistory): the same rows as the embedded DuckDB reports table
-- (analytics/Store/Migrations/002_reports.sql), shared by every silo and every CLI process configured for the cluster,
-- so a report generated on one silo is listed by `insights report list` and GET /api/v1/reports on any other and served
-- from the shared directory (Insights:Reports:History:SharedDirectory, default LAKE_ROOT/reports). One row per report id:
-- a re-run on any silo upserts it (generations + 1) under the report's advisory lock, so it is replaced once.
CREATE TABLE IF NOT EXISTS insights_reports
(
    id text NOT NULL,                    -- weekly-2026-W47, monthly-2026-11, team-<slug>-2026-W47
    kind text NOT NULL,                  -- weekly | monthly | team
    period text NOT NULL,                -- 2026-W47 | 2026-11
    team text NULL,
    period_from timestamptz NOT NULL,    -- inclusive
    period_to timestamptz NOT NULL,      -- exclusive
    generated_at timestamptz NOT NULL,
    trigger text NOT NULL,               -- cli | schedule | startup | api
    directory text NOT NULL,             -- relative to the shared directory, or absolute for --out
    formats json NOT NULL,               -- ["html","pdf",...]
    generations integer NOT NULL,        -- how often this report was generated, across the cluster
    instance text NOT NULL,              -- the silo or CLI process (host/pid) that generated the current files
    CONSTRAINT pk_insights_reports PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS ix_insights_reports_period ON insights_reports (period_from DESC);
