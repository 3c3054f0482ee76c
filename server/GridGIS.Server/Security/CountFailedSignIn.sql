-- A wrong password: one more failed attempt; the account is locked until $3 at the $2nd in a row.
-- $1 user name; $2 failures that lock; $3 end of the lock-out.
update app_user set failed_attempts = failed_attempts + 1,
       locked_until = case when failed_attempts + 1 >= $2 then $3 else locked_until end
 where user_name = $1
