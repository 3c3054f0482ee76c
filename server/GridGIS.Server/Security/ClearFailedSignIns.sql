-- A correct password: the count of failed attempts and any lock-out go. $1 user name.
update app_user set failed_attempts = 0, locked_until = null where user_name = $1
