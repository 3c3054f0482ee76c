-- Forgets background imports that ended before $1 (their answers are kept an hour).
delete from import_job where finished_at < $1
