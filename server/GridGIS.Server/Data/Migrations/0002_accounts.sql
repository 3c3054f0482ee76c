-- 0002: accounts. Passwords and API keys are stored only as salted slow hashes (PBKDF2-SHA256).
create table app_user (
    user_name       text primary key check (user_name ~ '^[a-z0-9_.-]{2,64}$'),
    role            text not null check (role in ('administrator', 'planner', 'official', 'grid_worker')),
    password_hash   text not null,
    failed_attempts int  not null default 0,
    locked_until    timestamptz,
    created_at      timestamptz not null default now()
);

create table api_key (
    id         serial primary key,
    user_name  text not null references app_user (user_name) on delete cascade,
    prefix     text not null unique,            -- first characters, shown to identify a key
    key_hash   text not null,
    created_at timestamptz not null default now(),
    revoked_at timestamptz
);
