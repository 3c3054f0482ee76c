-- The role and password hash of an account, for signing in; no row when there is no such account.
select role, password_hash from app_user where user_name = $1
