-- One grid's household figures for its popup. $1 grid id; $2 grid worker's user name, or null:
-- a worker gets a row only for their own grids.
select g.id, count(h.id) as households, coalesce(sum(h.residents), 0)::bigint as residents,
       coalesce(sum(h.foreign_residents), 0)::bigint as foreign_residents
  from grid g
  left join household h on h.grid_id = g.id
 where g.id = $1
   and ($2::text is null or g.worker_id in (select w.id from grid_worker w where w.user_name = $2))
 group by g.id;
