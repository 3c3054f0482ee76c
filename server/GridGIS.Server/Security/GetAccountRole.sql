-- An account's role; no row when there is no such account. $1 user name.
select role from app_user where user_name = $1
