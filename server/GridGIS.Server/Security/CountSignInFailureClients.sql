-- How many client addresses failed to sign in as user name $1 since $2, and how many failures in all.
select count(*)::int, coalesce(sum(failures), 0)::int from sign_in_failure where user_name = $1 and last_failed >= $2
