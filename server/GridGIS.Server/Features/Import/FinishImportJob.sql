-- Ends a background import: its state, the status and body of its answer; the uploaded file is dropped.
-- $1 id, $2 state (complete|failed|cancelled), $3 status (null when cancelled), $4 body (jsonb), $5 now.
update import_job
   set state = $2, status = $3, body = $4::jsonb, finished_at = $5, payload = null,
       percent = case when $2 = 'complete' then 100 else percent end,
       stage = case $2 when 'complete' then 'done' when 'cancelled' then 'cancelled' else 'failed' end
 where id = $1 and state in ('queued', 'running')
