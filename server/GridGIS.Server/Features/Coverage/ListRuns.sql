-- Coverage runs, newest first, with their parts' progress. $1 limit.
select r.id, r.state, r.progress, r.mode, r.trigger, r.no_op, r.created_at, r.started_at, r.finished_at, r.error,
       (select count(*) from coverage_part p where p.run_id = r.id) as parts,
       (select count(*) from coverage_part p where p.run_id = r.id and p.state = 'complete') as parts_complete,
       coalesce((r.parameters ->> 'what_if')::boolean, false) as what_if,
       (r.parameters ->> 'what_if_minutes')::float8 as what_if_minutes,
       array(select c ->> 'code' from jsonb_array_elements(r.parameters -> 'categories') c order by 1) as categories
from coverage_run r
order by r.id desc
limit $1
