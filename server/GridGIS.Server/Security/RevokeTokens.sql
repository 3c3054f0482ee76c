-- Refuses every bearer token of one account issued before $2 (the server's clock, the one that stamps
-- tokens); returns the new moment, no row when there is no such account.
update app_user set tokens_valid_after = $2 where user_name = $1 returning tokens_valid_after
