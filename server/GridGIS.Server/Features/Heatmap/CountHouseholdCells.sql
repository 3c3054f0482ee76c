-- Households per base cell of the heatmap lattice (GridGIS.Core.Density.HeatmapPyramid): squares of side
-- $2 metres (50) in the city's metric CRS, EPSG $1 (the local CRS of the city profile): column = floor(x / $2),
-- row = floor(y / $2). Every household, never clipped by a view. $3 grid worker's user name, or null for all
-- households (a worker counts only the households of their own grids). Per cell: households, residents,
-- households with foreign residents, foreign residents.
select floor(st_x(p) / $2)::bigint as col, floor(st_y(p) / $2)::bigint as row,
       count(*) as households, sum(residents)::bigint as residents,
       count(*) filter (where foreign_residents > 0) as foreign_households, sum(foreign_residents)::bigint as foreign_residents
  from (select st_transform(h.geom, $1::int) as p, h.residents, h.foreign_residents
          from household h
         where $3::text is null or h.grid_id in (select g.id from grid g join grid_worker w on w.id = g.worker_id where w.user_name = $3)) x
 group by 1, 2;
