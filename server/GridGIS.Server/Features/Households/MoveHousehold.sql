-- Moves a household to grid $2 only if it is still in grid $3 (null: in no grid), so that a concurrent
-- move makes this one change no row instead of overwriting it. $1 household id.
update household set grid_id = $2 where id = $1 and grid_id is not distinct from $3
