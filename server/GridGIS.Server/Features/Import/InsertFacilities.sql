-- Facility import: each facility gets the street that contains it (or the nearest, within the checked
-- tolerance). Returns (inserted, 0, 0).
with written as (
    insert into facility (category_code, name, geom, capacity, languages, street_id, generated)
    select f.category, f.name, f.geom, f.capacity, f.languages,
           (select s.id from street s order by s.geom <-> f.geom, s.id limit 1), false
      from import_facility f
     order by f.i
    returning 1
)
select count(*), 0::bigint, 0::bigint from written
