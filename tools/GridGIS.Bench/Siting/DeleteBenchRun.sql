-- Deletes the run row the siting benchmark made to carry its parameters: $1 run.
delete from coverage_run where id = $1
