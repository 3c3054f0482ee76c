-- A community's id; no row when there is no such code. $1 community code.
select id from community where code = $1
