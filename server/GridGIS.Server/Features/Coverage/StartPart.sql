-- A worker takes a part: a queued run becomes running, the part running with one more attempt (unless
-- it is already complete, or the run failed). Returns the run's parameters, mode, no-op flag, state
-- and whether the part still needs computing. $1 run, $2 part, $3 now, $4 worker name.
-- The run row is locked only on its first part (queued -> running), so parts do not queue on it.
with run as (
    update coverage_run set state = 'running', started_at = $3
    where id = $1 and state = 'queued'
    returning id
), part as (
    update coverage_part set state = 'running', attempts = attempts + 1, started_at = $3, worker = $4, error = null
    where run_id = $1 and part = $2 and state <> 'complete'
      and exists (select 1 from coverage_run where id = $1 and state in ('queued', 'running'))
    returning part
)
select r.parameters::text, r.mode, r.no_op, case when r.state = 'queued' then 'running' else r.state end, exists (select 1 from part)
from coverage_run r
where r.id = $1
