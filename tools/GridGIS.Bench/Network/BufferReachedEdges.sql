-- Benchmark baseline: a category's dissolved service area per band, the PostGIS way. $1 pgRouting edge
-- query (cost in seconds); $2 start node ids; $3 band limits in seconds (ascending); $4 buffer, metres;
-- $5 EPSG code of the city's metric CRS (a CGCS2000 3-degree Gauss-Kruger zone, 4534..4554).
-- Whole edges with both ends within the band, buffered in that CRS and unioned; one row per band: its area
-- in square metres.
with dd as (
  select node, agg_cost from pgr_drivingDistance($1, $2::bigint[], (select max(l) from unnest($3::float8[]) l), true, equicost := true)
), reached as (
  select st_transform(e.geom, $5::int) as geom, greatest(a.agg_cost, b.agg_cost) as cost
    from walk_edge e
    join dd a on a.node = e.source
    join dd b on b.node = e.target
)
select coalesce(st_area(st_union(st_buffer(r.geom, $4::float8))), 0)
  from unnest($3::float8[]) with ordinality as band(limit_s, i)
  left join reached r on r.cost <= band.limit_s
 group by band.i
 order by band.i;
