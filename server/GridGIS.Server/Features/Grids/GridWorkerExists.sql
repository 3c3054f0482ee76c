-- Whether grid worker $1 exists.
select exists (select 1 from grid_worker where id = $1)
