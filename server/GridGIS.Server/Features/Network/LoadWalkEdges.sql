-- Every walking-network edge for the network store (binary COPY): id, ends, metres, one-way, and the WKB line
-- (EPSG:4326) only where it bends: a straight edge is the segment between its nodes, so its line is not sent.
copy (select id, source, target, length_m, oneway, case when st_npoints(geom) > 2 then st_asbinary(geom) end
      from walk_edge order by id) to stdout (format binary)
