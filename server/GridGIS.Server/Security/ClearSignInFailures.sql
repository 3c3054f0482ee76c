-- A successful sign-in of user name $1 from client $2 forgets that client's failures (other clients' stay).
delete from sign_in_failure where user_name = $1 and client = $2
