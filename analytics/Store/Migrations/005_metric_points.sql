-- Samples as (series_id, ts, value) (issue 4: remote-write ingest). Service and metric were stored on every sample row;
-- they are the series' own and already in metric_series, and writing the two strings per row was most of the store
-- writer's DuckDB time (BENCHMARKS.md §18: ~3× the CPU per row of the three numeric columns). metric_samples stays,
-- as a view with its old columns, so every KPI query reads it unchanged; a sample's service is now its series' service
-- (the service the series was first routed to, as metric_series already said).
CREATE TABLE metric_points (
    series_id UBIGINT NOT NULL,
    ts        TIMESTAMP NOT NULL,
    value     DOUBLE NOT NULL
);

-- Every stored sample keeps a series to join to: the store writer always wrote one, but a sample without one would
-- otherwise vanish from the view.
INSERT INTO metric_series
SELECT series_id, any_value(service), any_value(metric), '{}', min(ts)
FROM metric_samples
WHERE series_id NOT IN (SELECT series_id FROM metric_series)
GROUP BY series_id;

INSERT INTO metric_points SELECT series_id, ts, value FROM metric_samples;

DROP TABLE metric_samples;

CREATE VIEW metric_samples AS
SELECT s.service, s.metric, p.series_id, p.ts, p.value
FROM metric_points p
JOIN metric_series s ON s.series_id = p.series_id;
