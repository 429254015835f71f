-- Report history (issue 7): one row per generated report, identified by kind, period and team
-- (e.g. weekly-2026-W47, monthly-2026-11, team-2026-W47-payments). A re-run of the same period replaces the row and
-- its files; `generations` counts how often it was generated. Files live in `directory` under the data directory.
CREATE TABLE reports (
    id           VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,   -- weekly | monthly | team
    period       VARCHAR NOT NULL,   -- 2026-W47 | 2026-11
    team         VARCHAR,
    period_from  TIMESTAMP NOT NULL, -- UTC, inclusive
    period_to    TIMESTAMP NOT NULL, -- UTC, exclusive
    generated_at TIMESTAMP NOT NULL,
    trigger      VARCHAR NOT NULL,   -- cli | schedule | startup | api
    directory    VARCHAR NOT NULL,   -- relative to the data directory, or absolute for --out
    formats      JSON NOT NULL,      -- ["html","pdf",...]
    generations  INTEGER NOT NULL
);
