-- A part failed for good: the part and its run are failed with the reason. The run's partial results
-- stay in the tables but are never served as latest. $1 run, $2 part (null: the run itself), $3 error, $4 now.
with part as (
    update coverage_part set state = 'failed', error = $3, finished_at = $4
    where run_id = $1 and part = $2 and state <> 'complete'
    returning part
)
update coverage_run set state = 'failed', error = coalesce($2 || ': ', '') || $3, finished_at = $4
where id = $1 and state in ('queued', 'running')
returning id
