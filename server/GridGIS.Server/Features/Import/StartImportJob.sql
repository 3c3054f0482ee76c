-- A worker takes a background import: queued, or running when its earlier worker died (the import is
-- one transaction, so a restart from the beginning writes nothing twice). Nothing when it is ended or
-- cancelled. $1 id, $2 now, $3 worker.
update import_job
   set state = 'running', started_at = coalesce(started_at, $2), worker = $3, stage = 'starting'
 where id = $1 and state in ('queued', 'running') and not cancel_requested
returning kind, actor, request::text, payload
