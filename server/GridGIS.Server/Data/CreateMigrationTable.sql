-- The record of applied migrations, one row per script.
create table if not exists schema_migration (version int primary key, name text not null, applied_at timestamptz not null default now())
