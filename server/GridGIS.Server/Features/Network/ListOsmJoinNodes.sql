-- Stored walking-network nodes an OSM import in join mode may join: those in a WGS84 box ($1 min lon, $2 min lat,
-- $3 max lon, $4 max lat) with their OSM node id and level, and those anywhere with one of the OSM node ids $5.
select id, st_x(geom), st_y(geom), osm_id, level from walk_node
 where geom && st_makeenvelope($1, $2, $3, $4, 4326) or osm_id = any($5)
