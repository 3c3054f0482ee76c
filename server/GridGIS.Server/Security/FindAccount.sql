-- Sign-in: an account's role, password hash, failed attempts and lock-out; no row when there is no such
-- account. $1 user name.
select role, password_hash, failed_attempts, locked_until from app_user where user_name = $1
