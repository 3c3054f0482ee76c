-- Every key, newest first, without its hash. $1 user name or null for all.
select prefix, user_name, label, created_at, last_used_at, revoked_at
  from api_key
 where $1::text is null or user_name = $1
 order by created_at desc, id desc
