-- Progress of a running background import; answers whether an administrator asked to cancel it.
-- $1 id, $2 percent (0..100), $3 stage.
update import_job set percent = greatest(percent, $2), stage = $3
 where id = $1 and state = 'running'
returning cancel_requested
