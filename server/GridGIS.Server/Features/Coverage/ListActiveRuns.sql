-- Runs not finished yet, oldest first: (id, state, created_at).
select id, state, created_at from coverage_run where state in ('queued', 'running') order by id
