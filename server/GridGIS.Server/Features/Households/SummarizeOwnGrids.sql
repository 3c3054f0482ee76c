-- The signed-in grid worker's load: each of their grids with its households, residents and foreign residents.
-- $1 the caller's sign-in name. Administrators are no grid's worker: they have the workload report.
select g.id, g.code, g.name, count(h.id), coalesce(sum(h.residents), 0), coalesce(sum(h.foreign_residents), 0)
  from grid g
  join grid_worker w on w.id = g.worker_id and w.user_name = $1
  left join household h on h.grid_id = g.id
 group by g.id, g.code, g.name
 order by g.code
