-- One run: by id ($1), or when $1 is null the latest complete full run (coverage_latest_run(), what the API serves as 'latest').
select r.id, r.state, r.progress, r.mode, r.trigger, r.no_op, r.created_at, r.started_at, r.finished_at, r.error,
       r.parameters::text,
       (select coalesce(jsonb_agg(jsonb_build_object('part', p.part, 'state', p.state, 'attempts', p.attempts,
                                                     'worker', p.worker, 'secondsLoad', p.seconds_load,
                                                     'secondsCompute', p.seconds_compute, 'error', p.error)
                                  order by p.part), '[]'::jsonb)::text
        from coverage_part p where p.run_id = r.id)
from coverage_run r
where r.id = (case when $1::bigint is null
                   then coverage_latest_run()
                   else $1::bigint end)
