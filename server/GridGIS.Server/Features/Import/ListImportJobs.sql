-- The newest background imports, for the administrator's list. $1 how many.
select id, kind, state, percent, stage, created_at, started_at, finished_at, status, null::text, cancel_requested
from import_job order by created_at desc limit $1
