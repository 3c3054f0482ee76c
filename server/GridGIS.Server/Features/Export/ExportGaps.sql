-- A run's service gaps for export: $1 run, $2 category or null (all). Geometry EPSG:4326.
select category_code, gap_no, geom, area_m2, households, households_not_covered, residents, foreign_residents
  from coverage_gap
 where run_id = $1 and ($2::text is null or category_code = $2)
 order by category_code, gap_no
