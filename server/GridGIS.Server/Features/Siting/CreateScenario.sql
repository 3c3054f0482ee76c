-- Creates a scenario: $1 name, $2 run, $3 created by. Its id and creation time.
insert into scenario (name, run_id, created_by) values ($1, $2, $3) returning id, created_at
