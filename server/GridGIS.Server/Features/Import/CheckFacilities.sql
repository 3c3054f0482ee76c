-- Facility import, checks that need stored data. $1 how far outside every street a facility may lie,
-- metres. Rows: feature index, field, message.
select f.i, 'category' as field,
       format('unknown facility category %s; known: %s', f.category,
              coalesce((select string_agg(code, ', ' order by code) from facility_category), 'none')) as message
  from import_facility f
 where not exists (select 1 from facility_category k where k.code = f.category)
union all
select f.i, 'geometry', format('the facility lies outside every street (more than %s m from the nearest); import the streets first', $1)
  from import_facility f
 where not exists (select 1 from street s
                    where s.geom && st_expand(f.geom, 0.01)
                      and st_dwithin(s.geom::geography, f.geom::geography, $1))
order by 1, 2
