-- The account behind a bearer token: its current role and the moment before which its tokens are refused.
select role, tokens_valid_after from app_user where user_name = $1
