-- Notes a key's use at most once a minute, so that a busy script does not write on every request.
update api_key set last_used_at = now()
 where prefix = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')
