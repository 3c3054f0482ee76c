-- Adds back the grid foreign key that SuspendGridForeignKey.sql dropped, exactly as migration 0001
-- declares it; adding it checks every household's grid_id at once (an error rolls the whole
-- assignment back, so the table never stays without its key).
alter table household add constraint household_grid_id_fkey foreign key (grid_id) references grid (id) on delete set null;
