-- A move request already applied under idempotency key $2 by account $1: the household, the grids and the reason.
select household_id, from_grid_id, from_grid_code, to_grid_id, to_grid_code, reason
  from household_move_request
 where actor = $1 and key = $2
