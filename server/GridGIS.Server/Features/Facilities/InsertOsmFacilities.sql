-- OSM facility import: each facility takes its category's default capacity when OSM gives none, and the street that
-- contains it (null outside every street: a facility just beyond the boundary still serves the households inside).
-- Returns (inserted, outside every street).
with written as (
    insert into facility (category_code, name, name_zh, name_en, geom, capacity, street_id, generated, source, source_id, languages)
    select f.category, f.name, f.name_zh, f.name_en, f.geom, coalesce(f.capacity, k.default_capacity),
           (select s.id from street s where st_intersects(s.geom, f.geom) order by s.id limit 1), false, 'osm', f.source_id, f.languages
      from import_osm_facility f
      join facility_category k on k.code = f.category
     order by f.i
    returning street_id
)
select count(*), count(*) filter (where street_id is null) from written
