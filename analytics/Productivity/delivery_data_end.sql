-- The last stored event time: "as of" for the delivery KPIs when the events end before now (an old import).
SELECT max(ts) FROM log_events
