-- TEST-ONLY REFERENCE: tag_allocation as it was before BENCHMARKS.md §10c, used with reference_allocated_costs.sql.
-- tag_allocation: what the catalog and the configured tag keys say about each distinct tag set of the billing rows
-- (steps (a) and (b) of allocated_costs.sql), as a temp table on the reader connection. Tag work is done once per
-- distinct tag set, not per row: billing rows repeat a few thousand tag sets millions of times; and a real table with
-- its exact (small) row count makes DuckDB build its hash join on it rather than on a window's billing rows.
-- $rules: the allocation rules JSON (CostAllocation.Rules): service / team / env tag keys in order.
CREATE OR REPLACE TEMP TABLE tag_allocation AS
WITH
config AS (
    SELECT list_transform(from_json(json_extract($rules, '$.service'), '["VARCHAR"]'), lambda k: '$."' || replace(k, '"', '\"') || '"') AS service_paths,
           list_transform(from_json(json_extract($rules, '$.team'), '["VARCHAR"]'), lambda k: '$."' || replace(k, '"', '\"') || '"') AS team_paths,
           list_transform(from_json(json_extract($rules, '$.env'), '["VARCHAR"]'), lambda k: '$."' || replace(k, '"', '\"') || '"') AS env_paths
),
tag_sets AS (
    SELECT DISTINCT CAST(Tags AS VARCHAR) AS tags FROM focus_line_items WHERE Tags IS NOT NULL
),
catalog_tags AS (
    SELECT s.name AS service, s.team, t.key AS tag_key, json_extract_string(t.value, '$') AS tag_value,
           count(*) OVER (PARTITION BY s.name) AS tag_count
    FROM catalog_services s, json_each(s.cost_tags) t
    WHERE s.cost_tags IS NOT NULL
),
catalog_match AS (
    SELECT t.tags, m.service, m.team
    FROM tag_sets t
    JOIN catalog_tags m
      ON json_extract_string(t.tags, '$."' || replace(m.tag_key, '"', '\"') || '"') = m.tag_value
    GROUP BY t.tags, m.service, m.team, m.tag_count
    HAVING count(*) = m.tag_count
    QUALIFY row_number() OVER (PARTITION BY t.tags ORDER BY m.tag_count DESC, m.service) = 1
)
SELECT t.tags,
       cm.service AS catalog_service,
       cm.team    AS catalog_team,
       list_filter(list_transform(cfg.service_paths, lambda p: json_extract_string(t.tags, p)), lambda v: v IS NOT NULL AND v <> '')[1] AS tag_service,
       list_filter(list_transform(cfg.team_paths, lambda p: json_extract_string(t.tags, p)), lambda v: v IS NOT NULL AND v <> '')[1] AS tag_team,
       list_filter(list_transform(cfg.env_paths, lambda p: json_extract_string(t.tags, p)), lambda v: v IS NOT NULL AND v <> '')[1] AS tag_environment
FROM tag_sets t
CROSS JOIN config cfg
LEFT JOIN catalog_match cm ON cm.tags = t.tags
