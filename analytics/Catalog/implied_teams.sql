-- Teams that own services but have no Group entity yet: kept (declared = false) so every service has
-- a team to roll up to; removed again once nothing references them.
DELETE FROM catalog_teams
WHERE NOT declared AND name NOT IN (SELECT team FROM catalog_services WHERE team IS NOT NULL);
INSERT INTO catalog_teams (name, declared)
SELECT DISTINCT team, false FROM catalog_services
WHERE team IS NOT NULL AND team NOT IN (SELECT name FROM catalog_teams);
