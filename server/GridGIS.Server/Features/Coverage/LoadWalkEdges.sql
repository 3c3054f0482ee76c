-- Walking-network edges for a network-mode run (binary COPY): ends, metres, one-way, WKB line (EPSG:4326).
copy (select source, target, length_m, oneway, st_asbinary(geom) from walk_edge order by id) to stdout (format binary)
