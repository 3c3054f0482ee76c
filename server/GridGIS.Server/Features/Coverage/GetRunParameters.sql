-- A run's parameters (categories, detour factor, data and network versions) as JSON text. $1 run.
select parameters::text from coverage_run where id = $1
