-- The id of a complete run: $1 (any run, what-if runs included), or when $1 is null the latest complete
-- full run (coverage_latest_run(): what-if runs are never served as the latest).
select id from coverage_run
where state = 'complete' and id = coalesce($1::bigint, coverage_latest_run())
