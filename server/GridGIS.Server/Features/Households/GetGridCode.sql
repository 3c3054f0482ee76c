-- A grid's code; no row when there is no such grid. $1 grid id.
select code from grid where id = $1
