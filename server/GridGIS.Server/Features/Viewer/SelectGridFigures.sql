-- One grid's household figures for its popup, with its coverage per category from the latest
-- complete coverage run (null before any), and its households with foreign residents (the privacy rule's measure of
-- the foreign figure). $1 grid id; $2 grid worker's user name, or null: a
-- worker gets a row only for their own grids.
select g.id,
       (select count(*) from household h where h.grid_id = g.id) as households,
       (select coalesce(sum(h.residents), 0) from household h where h.grid_id = g.id)::bigint as residents,
       (select coalesce(sum(h.foreign_residents), 0) from household h where h.grid_id = g.id)::bigint as foreign_residents,
       (select json_agg(json_build_object('category', u.category_code, 'households', u.households, 'householdsCovered', u.households_covered,
                                          'residents', u.residents, 'residentsCovered', u.residents_covered) order by u.category_code)::text
          from coverage_unit_result u
         where u.run_id = coverage_latest_run() and u.level = 'grid' and u.unit_id = g.id) as coverage,
       (select count(*) from household h where h.grid_id = g.id and h.foreign_residents > 0) as foreign_households
  from grid g
 where g.id = $1
   and ($2::text is null or g.worker_id in (select w.id from grid_worker w where w.user_name = $2));
