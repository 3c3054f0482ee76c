-- Revokes a live key by $1 prefix; returns its owner and label, nothing if no live key has it.
update api_key set revoked_at = now()
 where prefix = $1 and revoked_at is null
returning user_name, label
