-- Whether grid $1 exists and the caller may see its households: $2 the caller is an administrator;
-- $3 the caller's user name (a grid worker sees the grids whose worker is linked to it).
select exists (select 1 from grid g
                where g.id = $1
                  and ($2 or g.worker_id = (select w.id from grid_worker w where w.user_name = $3)))
