-- Creates or replaces an account; a replaced account's lock-out is cleared and its bearer tokens stop
-- working. $1 user name; $2 role; $3 password hash.
insert into app_user (user_name, role, password_hash) values ($1, $2, $3)
on conflict (user_name) do update set role = excluded.role, password_hash = excluded.password_hash,
       failed_attempts = 0, locked_until = null, tokens_valid_after = clock_timestamp()
