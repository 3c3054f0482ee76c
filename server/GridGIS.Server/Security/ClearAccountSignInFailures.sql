-- A password reset forgets every client's failed sign-ins of the account.
delete from sign_in_failure where user_name = $1
