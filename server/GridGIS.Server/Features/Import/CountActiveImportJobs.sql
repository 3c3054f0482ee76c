-- Background imports queued or running.
select count(*) from import_job where state in ('queued', 'running')
