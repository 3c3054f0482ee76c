-- 0010: what-if coverage runs (some categories at minutes of the planner's choosing) are kept and read
-- by id, but the run every "latest" reader serves is the latest complete full run. One definition of
-- it, used by the coverage API, the street comparison and the viewer's figures.
create function coverage_latest_run() returns bigint language sql stable as $$
    select max(id) from coverage_run
     where state = 'complete' and not coalesce((parameters ->> 'what_if')::boolean, false)
$$;
