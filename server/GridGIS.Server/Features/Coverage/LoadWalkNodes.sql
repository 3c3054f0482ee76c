-- Walking-network nodes for a network-mode run (binary COPY; lon/lat degrees, EPSG:4326).
copy (select id, st_x(geom), st_y(geom) from walk_node order by id) to stdout (format binary)
