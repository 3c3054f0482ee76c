-- Facilities of every category (lon/lat degrees, EPSG:4326) with the languages they serve in, and whether language applies
-- to the category; a category without facilities gives one row of nulls.
select c.code, f.id, st_x(f.geom), st_y(f.geom), f.capacity, f.languages, c.language_applies
from facility_category c
left join facility f on f.category_code = c.code
order by c.code, f.id
