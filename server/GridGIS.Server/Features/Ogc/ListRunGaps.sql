-- A page of a run's service gaps for the OGC collection "gaps": $1 run; $2..$5 bbox (min lon, min lat, max lon,
-- max lat) or nulls; $6 limit; $7 offset; $8 category or null; $9 gap number or null. Geometry as GeoJSON (RFC 7946).
select category_code, gap_no, st_asgeojson(st_forcepolygonccw(geom), 7), area_m2,
       households, households_not_covered, residents, foreign_residents, count(*) over ()
  from coverage_gap
 where run_id = $1
   and ($8::text is null or category_code = $8)
   and ($9::int is null or gap_no = $9)
   and ($2::float8 is null or geom && st_makeenvelope($2, $3, $4, $5, 4326))
 order by category_code, gap_no
 limit $6 offset $7
