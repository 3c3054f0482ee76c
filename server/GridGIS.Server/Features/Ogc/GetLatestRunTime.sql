-- The latest complete full run (coverage_latest_run(): what-if runs are never the latest) and when it finished; no row when there is none.
select id, finished_at from coverage_run where id = coverage_latest_run()
