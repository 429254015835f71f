-- Teams and their services as loaded from Backstage catalog files (team NULL: owned by a user, not a group).
SELECT coalesce(s.team, '(no team)') AS team,
       t.title                      AS team_title,
       s.name                       AS service,
       s.system,
       s.lifecycle,
       s.slo_target                 AS slo_percent,
       s.source_file
FROM catalog_services s
LEFT JOIN catalog_teams t ON t.name = s.team
WHERE $team IS NULL OR s.team = $team
ORDER BY team, service
