-- What GET /api/import/jobs/{id} reports. $1 id.
select id, kind, state, percent, stage, created_at, started_at, finished_at, status, body::text, cancel_requested
from import_job where id = $1
