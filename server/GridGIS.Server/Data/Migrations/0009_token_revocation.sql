-- 0009: bearer tokens can be revoked before they expire. A token carries the time it was issued; one
-- issued before its account's tokens_valid_after is refused (sign-out everywhere, an administrator's
-- revoke, a password reset or a role change all move it to now()).
alter table app_user add column tokens_valid_after timestamptz;
