-- Households per square heatmap cell of side $5 metres in the city's metric CRS, EPSG code $7 (a CGCS2000
-- 3-degree Gauss-Kruger zone, 4534..4554: the same CRS as the city profile's projection in GridGIS.Core):
-- column = floor(x / $5), row = floor(y / $5). $1..$4 bbox (WGS84 degrees); $6 grid worker's user name, or
-- null for all households (a worker only counts the households of their own grids).
select floor(st_x(p) / $5)::bigint as col, floor(st_y(p) / $5)::bigint as row,
       count(*) as households, sum(residents)::bigint as residents, sum(foreign_residents)::bigint as foreign_residents
  from (select st_transform(h.geom, $7::int) as p, h.residents, h.foreign_residents
          from household h
         where h.geom && st_makeenvelope($1, $2, $3, $4, 4326)
           and ($6::text is null or h.grid_id in (select g.id from grid g join grid_worker w on w.id = g.worker_id where w.user_name = $6))) x
 group by 1, 2;
