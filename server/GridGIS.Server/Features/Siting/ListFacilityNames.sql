-- Names and points (WGS84 degrees) of facilities $1 (ids).
select id, name, st_x(geom), st_y(geom) from facility where id = any ($1)
