-- A run's language gaps of one category: $1 run, $2 category, $3 language or null. Most households first; EPSG:4326.
select gap_no, language, geom, households, persons
from coverage_language_gap
where run_id = $1 and category_code = $2 and ($3::text is null or language = $3)
order by gap_no
