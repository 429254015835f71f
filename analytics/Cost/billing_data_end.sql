-- The last UTC day with billing data: the latest ChargePeriodStart in focus_line_items, as a DATE (NULL when empty).
-- Not a cost figure (it reads no cost column), so it reads the table directly instead of allocated_costs.
-- Forecasts and default windows use it as 'as of' when the exports end before today.
SELECT CAST(max(ChargePeriodStart) AS DATE) FROM focus_line_items
