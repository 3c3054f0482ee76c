-- One row when the account exists, none otherwise. $1 user name.
select 1 from app_user where user_name = $1
