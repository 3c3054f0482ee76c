-- Basemap features for export: geometry (points, lines and polygons mixed), then the attributes in ExportLayers' order.
-- $1..$4 bbox or nulls; $5 row limit.
select b.geom, b.id, b.kind, b.class, b.name, b.name_zh, b.name_en, b.source, b.source_id
  from basemap_feature b
 where ($1::float8 is null or b.geom && st_makeenvelope($1, $2, $3, $4, 4326))
 order by b.id
 limit $5
