-- Facilities for export: geometry, then the attributes in ExportLayers' order. $1..$4 bbox or nulls; $5 row limit.
select f.geom, f.id, f.category_code as category, f.name, f.capacity, f.languages, s.code as street_code, f.generated
  from facility f
  left join street s on s.id = f.street_id
 where ($1::float8 is null or f.geom && st_makeenvelope($1, $2, $3, $4, 4326))
 order by f.id
 limit $5
