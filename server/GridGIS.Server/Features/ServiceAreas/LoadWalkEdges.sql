-- Every walking-network edge with its WGS84 geometry as WKB.
select id, source, target, length_m, oneway, st_asbinary(geom) as wkb
  from walk_edge
 order by id;
