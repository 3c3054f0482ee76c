-- Claims idempotency key $2 of account $1 for moving household $3 from grid $4 ($5) to grid $6 ($7) because $8.
-- A concurrent request with the same key waits on the primary key and then inserts nothing (0 rows):
-- it answers with what the first one recorded.
insert into household_move_request (actor, key, household_id, from_grid_id, from_grid_code, to_grid_id, to_grid_code, reason)
values ($1, $2, $3, $4, $5, $6, $7, $8)
on conflict (actor, key) do nothing
