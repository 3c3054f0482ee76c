-- Benchmark baseline: one facility's service area, the PostGIS way: whole edges with both ends reached
-- within $3 seconds from node $2, buffered 50 m in the city's metric CRS ($4, an EPSG code) and
-- unioned; its area in square metres. $1 pgRouting edge query (SelectRoutingEdges.sql).
with dd as (select node from pgr_drivingDistance($1, $2::bigint, $3::float8, true))
select coalesce(st_area(st_union(st_buffer(st_transform(e.geom, $4::int), 50))), 0)
  from walk_edge e where e.source in (select node from dd) and e.target in (select node from dd)
