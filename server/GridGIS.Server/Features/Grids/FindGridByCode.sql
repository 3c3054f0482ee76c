-- A grid's id; no row when there is no such code. $1 grid code.
select id from grid where code = $1
