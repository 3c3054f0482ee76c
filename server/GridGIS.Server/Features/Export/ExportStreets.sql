-- Streets for export: geometry (EPSG:4326) first, then the attributes in ExportLayers' order.
-- $1..$4 bbox (min lon, min lat, max lon, max lat) or nulls; $5 the most rows to return.
select s.geom, s.id, s.code, s.name_zh, s.name_en, s.geometry_note
  from street s
 where ($1::float8 is null or s.geom && st_makeenvelope($1, $2, $3, $4, 4326))
 order by s.id
 limit $5
