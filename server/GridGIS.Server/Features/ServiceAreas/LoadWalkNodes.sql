-- Every walking-network node: id and WGS84 lon/lat.
select id, st_x(geom) as lon, st_y(geom) as lat
  from walk_node
 order by id;
