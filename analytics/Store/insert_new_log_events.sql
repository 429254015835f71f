-- Moves staged events into log_events, skipping ids already stored and repeats within the batch
-- (the first occurrence wins), and returns the id of each stored row so each caller gets its exact count.
INSERT INTO log_events
SELECT * EXCLUDE (seq, rn)
FROM (
    SELECT *, row_number() OVER (PARTITION BY event_id ORDER BY seq) AS rn
    FROM log_staging
) staged
WHERE rn = 1
  AND NOT EXISTS (SELECT 1 FROM log_events stored WHERE stored.event_id = staged.event_id)
RETURNING event_id
