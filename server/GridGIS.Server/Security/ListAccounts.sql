-- Every account with its role and lock-out, by name.
select user_name, role, locked_until from app_user order by user_name
