-- Every walking-network node for the network store (binary COPY): id and lon/lat degrees (EPSG:4326).
copy (select id, st_x(geom), st_y(geom) from walk_node order by id) to stdout (format binary)
