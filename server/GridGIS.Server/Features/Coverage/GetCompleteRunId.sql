-- The id of a complete run: $1, or the latest complete run when $1 is null; no row when there is none.
select id from coverage_run
where state = 'complete' and ($1::bigint is null or id = $1)
order by id desc
limit 1
