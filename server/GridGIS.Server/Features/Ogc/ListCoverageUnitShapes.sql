-- A page of a run's units of one level with their shapes, one row per unit and category, for the OGC collections
-- coverage-streets, coverage-communities and coverage-grids (their figures come from ListUnitResults.sql, with the
-- privacy rule). $1 run; $2 level; $3..$6 bbox (min lon, min lat, max lon, max lat) or nulls; $7 limit; $8 offset;
-- $9 category or null; $10 unit id or null. Geometry as GeoJSON (RFC 7946: counter-clockwise rings, 7 decimals).
with units as (
    select u.category_code, u.unit_id, coalesce(s.geom, c.geom, g.geom) as geom
      from coverage_unit_result u
      left join street s on u.level = 'street' and s.id = u.unit_id
      left join community c on u.level = 'community' and c.id = u.unit_id
      left join grid g on u.level = 'grid' and g.id = u.unit_id
     where u.run_id = $1 and u.level = $2
       and ($9::text is null or u.category_code = $9)
       and ($10::int is null or u.unit_id = $10)
)
select category_code, unit_id, st_asgeojson(st_forcepolygonccw(geom), 7), count(*) over ()
  from units
 where geom is not null
   and ($3::float8 is null or geom && st_makeenvelope($3, $4, $5, $6, 4326))
 order by unit_id, category_code
 limit $7 offset $8
