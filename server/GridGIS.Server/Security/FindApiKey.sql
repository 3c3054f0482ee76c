-- The account behind a live key: $1 prefix. Revoked keys are not found.
select k.key_hash, u.user_name, u.role
  from api_key k
  join app_user u on u.user_name = k.user_name
 where k.prefix = $1 and k.revoked_at is null
