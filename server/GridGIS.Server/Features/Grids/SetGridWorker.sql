-- Sets (or clears, $2 null) the responsible worker of grid $1; returns the worker before, no row when
-- there is no such grid.
update grid g set worker_id = $2 from (select id, worker_id from grid where id = $1 for update) old
 where g.id = old.id returning old.worker_id
