-- Communities for export: geometry, then the attributes in ExportLayers' order. $1..$4 bbox or nulls; $5 row limit.
select c.geom, c.id, c.code, s.code as street_code, c.name_zh, c.name_en
  from community c join street s on s.id = c.street_id
 where ($1::float8 is null or c.geom && st_makeenvelope($1, $2, $3, $4, 4326))
 order by c.id
 limit $5
