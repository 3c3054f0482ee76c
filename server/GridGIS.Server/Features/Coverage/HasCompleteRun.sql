-- Whether any full coverage run (every category at its own threshold, not a what-if) has completed.
select coverage_latest_run() is not null
