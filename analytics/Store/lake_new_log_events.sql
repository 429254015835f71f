-- The lake's form of insert_new_log_events.sql (cluster mode): the same duplicate rule — an event id already stored
-- at the same @timestamp, or repeated within the batch (the first occurrence wins) — but "stored" is the lake, read
-- through the log_events view (LakeViews: every silo's files), and the new rows go to lake_logs, from which the
-- store writer copies them into a Parquet file. Returns the id of each new row, so each caller gets its exact count.
INSERT INTO lake_logs
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
