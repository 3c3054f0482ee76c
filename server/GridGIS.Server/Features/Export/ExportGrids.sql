-- Grids for export: geometry, then the attributes in ExportLayers' order (the worker's name, as GET /api/grids shows it).
-- $1..$4 bbox or nulls; $5 row limit.
select g.geom, g.id, g.code, c.code as community_code, g.kind, g.name, w.name as worker
  from grid g
  join community c on c.id = g.community_id
  left join grid_worker w on w.id = g.worker_id
 where ($1::float8 is null or g.geom && st_makeenvelope($1, $2, $3, $4, 4326))
 order by g.id
 limit $5
