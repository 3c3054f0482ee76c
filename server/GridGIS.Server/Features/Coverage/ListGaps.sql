-- A run's service gaps of one category, largest first: $1 run, $2 category. Geometry EPSG:4326.
select gap_no, geom, area_m2, households, households_not_covered, residents, foreign_residents
from coverage_gap
where run_id = $1 and category_code = $2
order by gap_no
