-- Benchmark: every household's longitude and latitude (EPSG:4326), by id.
select st_x(geom), st_y(geom) from household order by id
