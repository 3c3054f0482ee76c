-- The command line's account add / password: creates the account or sets its password (its role and
-- tokens stay) and clears its lock-out. $1 user name; $2 role (for a new account); $3 password hash.
insert into app_user (user_name, role, password_hash) values ($1, $2, $3)
on conflict (user_name) do update set password_hash = excluded.password_hash, failed_attempts = 0, locked_until = null
