-- 0011: the version of the data a coverage run reads, kept by the database itself. Every statement that writes
-- one of these tables (through GridGIS or by hand in SQL, TRUNCATE too) moves its counter, in the writer's own
-- transaction: a run that reads the counters sees exactly the writes committed before it, so the worker
-- processes' cached inputs (households, grids, network) are reloaded after any change and never served stale.
-- It replaces counting and summing every household and edge at each run's start. Writers of one table wait for
-- each other's commit at its counter (one row per table); the tables are written by imports and assignments.
create table data_change (
    table_name text primary key,
    version bigint not null default 0 check (version >= 0)
);

insert into data_change (table_name)
values ('street'), ('community'), ('grid'), ('household'), ('facility_category'), ('facility'), ('walk_node'), ('walk_edge');

create function data_change_bump() returns trigger language plpgsql as $$
begin
    update data_change set version = version + 1 where table_name = tg_table_name;
    return null;
end
$$;

create trigger data_change after insert or update or delete or truncate on street for each statement execute function data_change_bump();
create trigger data_change after insert or update or delete or truncate on community for each statement execute function data_change_bump();
create trigger data_change after insert or update or delete or truncate on grid for each statement execute function data_change_bump();
create trigger data_change after insert or update or delete or truncate on household for each statement execute function data_change_bump();
create trigger data_change after insert or update or delete or truncate on facility_category for each statement execute function data_change_bump();
create trigger data_change after insert or update or delete or truncate on facility for each statement execute function data_change_bump();
create trigger data_change after insert or update or delete or truncate on walk_node for each statement execute function data_change_bump();
create trigger data_change after insert or update or delete or truncate on walk_edge for each statement execute function data_change_bump();
