-- Moves staged events into log_events, skipping ids already stored and repeats within the batch
-- (the first occurrence wins), and returns the id of each stored row so each caller gets its exact count.
-- A duplicate is the same event id at the same @timestamp; comparing ts as well lets DuckDB skip every
-- stored row group outside the batch's time range (zone maps) instead of scanning all ids each batch.
-- {target} is log_events in the embedded store; in cluster mode it is lake_logs, from which the store writer copies the
-- new rows into a Parquet file, while "stored" (log_events) is then the lake's view over every silo's files (LakeViews).
INSERT INTO {target}
SELECT * EXCLUDE (seq, rn)
FROM (
    SELECT *, row_number() OVER (PARTITION BY event_id ORDER BY seq) AS rn
    FROM log_staging
) staged
WHERE rn = 1
  AND NOT EXISTS (
      SELECT 1 FROM log_events stored
      WHERE stored.ts BETWEEN (SELECT min(ts) FROM log_staging) AND (SELECT max(ts) FROM log_staging)
        AND stored.event_id = staged.event_id
        AND stored.ts = staged.ts)
RETURNING event_id
