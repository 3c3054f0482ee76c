-- Failed sign-ins of one user name from one client since its last success: count and the latest.
select failures, last_failed from sign_in_failure where user_name = $1 and client = $2
