-- Facilities with their category's threshold, for service areas and nearest-facility queries.
-- $1 facility id or null; $2 category code or null.
select f.id, f.name, f.category_code, st_x(f.geom) as lon, st_y(f.geom) as lat,
       k.walk_minutes::float8, k.walk_metres::float8, k.walk_speed_kmh::float8
  from facility f
  join facility_category k on k.code = f.category_code
 where ($1::int is null or f.id = $1)
   and ($2::text is null or f.category_code = $2)
 order by f.id;
