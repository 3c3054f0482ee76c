-- Counts one more failed sign-in of user name $1 from client $2 at $3; a count whose last failure is
-- older than $4 starts again at 1. Returns the new count.
insert into sign_in_failure as f (user_name, client, failures, last_failed) values ($1, $2, 1, $3)
on conflict (user_name, client) do update
   set failures = case when f.last_failed < $4 then 1 else f.failures + 1 end, last_failed = excluded.last_failed
returning failures
