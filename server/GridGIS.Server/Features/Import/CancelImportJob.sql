-- Asks a background import to stop: a queued one ends at once, a running one at its next progress
-- report (its transaction rolls back). Answers the state after the request, or nothing when unknown.
-- $1 id, $2 now.
update import_job
   set cancel_requested = state in ('queued', 'running'),
       state = case when state = 'queued' then 'cancelled' else state end,
       finished_at = case when state = 'queued' then $2 else finished_at end,
       payload = case when state = 'queued' then null else payload end,
       stage = case when state = 'queued' then 'cancelled' else stage end,
       body = case when state = 'queued'
                   then jsonb_build_object('status', null, 'title', 'Import cancelled',
                                           'detail', 'cancelled before it started; nothing was written')
                   else body end
 where id = $1
returning state
