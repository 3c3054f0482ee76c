-- Stored walking-network nodes in a WGS84 box ($1 min lon, $2 min lat, $3 max lon, $4 max lat) (imported endpoints that coincide with one join it).
select id, st_x(geom), st_y(geom) from walk_node where geom && st_makeenvelope($1, $2, $3, $4, 4326)
