-- Coverage per street and category from one complete coverage run (issue 5's tables): $1 street
-- codes (text[]); $2 run id, or null for the latest complete run. Gap area is the part of the run's
-- gap polygons inside the street, square metres on the spheroid (gaps made valid first: a run may store
-- slivers GEOS rejects).
with run as (
    select id, finished_at, mode from coverage_run
     where state = 'complete' and id = coalesce($2::bigint, coverage_latest_run())
)
select s.code, u.category_code, u.households, u.households_covered, u.residents, u.residents_covered,
       (select coalesce(sum(st_area(st_intersection(st_makevalid(g.geom), s.geom)::geography)), 0)
          from coverage_gap g
         where g.run_id = run.id and g.category_code = u.category_code and g.geom && s.geom) as gap_area_m2,
       run.id as run_id, run.finished_at, run.mode
  from run
  join coverage_unit_result u on u.run_id = run.id and u.level = 'street'
  join street s on s.id = u.unit_id
 where s.code = any($1)
 order by s.code, u.category_code;
