-- Marks a run complete once every part is: from then on the API serves it as latest.
-- $1 run, $2 finished at. Returns the run's id when this call completed it.
update coverage_run set state = 'complete', progress = 100, finished_at = $2, error = null
where id = $1 and state = 'running'
  and not exists (select 1 from coverage_part where run_id = $1 and state <> 'complete')
returning id
