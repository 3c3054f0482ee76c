-- 0017: every change counter that moves also tells the listening server processes, so that they keep the counters
-- in memory instead of reading them for every tile (pg_notify is transactional: the notice goes out when the writer
-- commits, never for a rolled-back write). And a counter for coverage runs, moved when a run becomes complete or
-- stops being complete, or is deleted: the layers built from the latest run's results (coverage, gaps) change then.
-- Not part of a run's data version (CreateRun.sql leaves it out): runs of the same data must keep comparing equal.
create or replace function data_change_bump() returns trigger language plpgsql as $$
begin
    update data_change set version = version + 1 where table_name = tg_table_name;
    perform pg_notify('data_change', tg_table_name);
    return null;
end
$$;

insert into data_change (table_name) values ('coverage_run');

create trigger data_change_state after update of state on coverage_run for each row
    when (old.state is distinct from new.state and 'complete' in (old.state, new.state))
    execute function data_change_bump();
create trigger data_change after delete or truncate on coverage_run for each statement execute function data_change_bump();
