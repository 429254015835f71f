-- raw holds each log event's whole ECS document (~500 bytes of JSON, unique per row). DuckDB's automatic choice for such
-- strings is FSST, and every checkpoint during a log import re-compresses the table's last, partly filled row group,
-- reading its pages back into the buffer pool, where they stayed: that share of the import's memory peak grew with the
-- file (306 MiB at 1M lines; with ZSTD 49 MiB, BENCHMARKS.md §16b). ZSTD also stores the text several times smaller for
-- less CPU, as billing's x_extra (migration 004, BENCHMARKS.md 4.7). It needs a store file of storage version v1.2.0 or
-- later; SchemaMigrator drops the USING COMPRESSION clause on an older file. The table is rebuilt because DuckDB cannot
-- change a column's compression in place; its rows are copied as they are.
CREATE TABLE log_events_zstd (
    event_id        VARCHAR NOT NULL,
    ts              TIMESTAMP NOT NULL,
    service         VARCHAR NOT NULL,
    environment     VARCHAR,
    service_version VARCHAR,
    action          VARCHAR,
    outcome         VARCHAR,
    category        VARCHAR,
    level           VARCHAR,
    message         VARCHAR,
    event_start     TIMESTAMP,
    event_end       TIMESTAMP,
    duration_ns     BIGINT,
    labels          JSON,
    raw             JSON NOT NULL USING COMPRESSION zstd
);
INSERT INTO log_events_zstd SELECT * FROM log_events;
DROP TABLE log_events;
ALTER TABLE log_events_zstd RENAME TO log_events;
