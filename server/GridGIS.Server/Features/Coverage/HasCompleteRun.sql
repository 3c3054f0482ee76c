-- Whether any coverage run has completed.
select exists (select 1 from coverage_run where state = 'complete')
