-- 0014: sign-in guessing is slowed per (user name, client address), not by locking the account: five wrong
-- passwords from anywhere used to lock an account for 15 minutes, so anyone could lock out anyone.
-- A row per name and client with failures since the last success; names that no account has get rows
-- too (so that they answer exactly like real ones). app_user.failed_attempts and locked_until are no
-- longer read or set by the sign-in.
create table sign_in_failure (
    user_name   text        not null,   -- as typed, trimmed and lower-cased, at most 64 characters
    client      text        not null,   -- the client's IP address
    failures    int         not null check (failures > 0),
    last_failed timestamptz not null,
    primary key (user_name, client)
);
create index sign_in_failure_last_failed_idx on sign_in_failure (last_failed);
