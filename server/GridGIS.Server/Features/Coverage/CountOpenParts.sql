-- Parts of a run not complete yet ($1 run).
select count(*) from coverage_part where run_id = $1 and state <> 'complete'
