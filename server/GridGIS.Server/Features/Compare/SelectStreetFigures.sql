-- Figures of the streets being compared, in the order asked. $1 street codes (text[]).
-- "loaded" counts the households in the database (generated where the demo is loaded); "published"
-- is the 2010 table as published.
with s as (
    select * from street where code = any($1)
), hh as (
    select street_id, count(*) as households, sum(residents) as residents, sum(foreign_residents) as foreign_residents,
           count(*) filter (where foreign_residents > 0) as foreign_households
      from household where street_id in (select id from s) group by street_id
), gr as (
    select c.street_id, count(*) as grids, count(*) filter (where g.kind = 'foreign_resident') as foreign_grids
      from grid g join community c on c.id = g.community_id where c.street_id in (select id from s) group by c.street_id
), fa as (
    select street_id, json_object_agg(category_code, n order by category_code) as by_category
      from (select street_id, category_code, count(*) as n from facility where street_id in (select id from s)
             group by street_id, category_code) x
     group by street_id
)
select coalesce(json_agg(json_build_object(
    'id', s.id, 'code', s.code, 'nameZh', s.name_zh, 'nameEn', s.name_en, 'geometryNote', s.geometry_note,
    'areaKm2', round((st_area(s.geom::geography) / 1e6)::numeric, 3),
    'bbox', json_build_array(st_xmin(s.geom), st_ymin(s.geom), st_xmax(s.geom), st_ymax(s.geom)),
    'households', coalesce(hh.households, 0), 'residents', coalesce(hh.residents, 0),
    'foreignResidents', coalesce(hh.foreign_residents, 0),
    'foreignShare', round(coalesce(hh.foreign_residents, 0)::numeric / nullif(hh.residents, 0), 5),
    'foreignHouseholds', coalesce(hh.foreign_households, 0),
    'grids', coalesce(gr.grids, 0), 'foreignResidentGrids', coalesce(gr.foreign_grids, 0),
    'facilitiesByCategory', coalesce(fa.by_category, '{}'::json),
    'published', case when p.street_id is null then null else json_build_object(
        'source', p.source, 'year', p.year, 'residents', p.total, 'foreignResidents', p.foreign_residents,
        'foreignShare', round(p.foreign_residents::numeric / nullif(p.total, 0), 5)) end)
    order by array_position($1, s.code)), '[]'::json)::text
  from s
  left join street_published_population p on p.street_id = s.id
  left join hh on hh.street_id = s.id
  left join gr on gr.street_id = s.id
  left join fa on fa.street_id = s.id;
