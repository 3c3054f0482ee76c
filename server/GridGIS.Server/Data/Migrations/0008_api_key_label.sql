-- 0008: API keys get a label (what script uses the key) and the time of last use.
alter table api_key add column label text not null default '' check (length(label) <= 200);
alter table api_key add column last_used_at timestamptz;
create index api_key_user_idx on api_key (user_name);
