-- A run's state, progress (percent) and error: $1 run.
select state, progress, coalesce(error, '') from coverage_run where id = $1
