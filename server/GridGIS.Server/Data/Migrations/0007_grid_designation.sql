-- 0007: a grid's kind as confirmed or overridden by an administrator (the designation rule only
-- proposes); who set it, when and why. The audit log keeps the full history.
alter table grid
    add column kind_reason text check (length(kind_reason) between 1 and 500),
    add column kind_set_by text,
    add column kind_set_at timestamptz;
-- Household moves are listed per household from the audit log.
create index if not exists audit_log_household_move_idx on audit_log (entity_id, at) where entity = 'household' and action = 'household.move';
