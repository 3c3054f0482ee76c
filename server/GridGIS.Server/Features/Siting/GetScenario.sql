-- One scenario: $1 id.
select id, name, run_id, created_by, created_at from scenario where id = $1
