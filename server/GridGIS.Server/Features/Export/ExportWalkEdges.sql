-- Walking-network edges for export: geometry, then the attributes in ExportLayers' order. $1..$4 bbox or nulls; $5 row limit.
select e.geom, e.id, e.source, e.target, e.length_m, e.oneway, e.kind
  from walk_edge e
 where ($1::float8 is null or e.geom && st_makeenvelope($1, $2, $3, $4, 4326))
 order by e.id
 limit $5
