-- Bulk assignment (scope all, every household): the grid foreign key is dropped for the length of the
-- transaction and added back (validated) by RestoreGridForeignKey.sql before commit. With the key in
-- place PostgreSQL runs one referential check per changed row (about 40 % of a full assignment's time
-- at 0.8 million households); re-adding it validates every row in one anti-join instead. The drop takes
-- an exclusive lock on household (and grid) until commit: readers wait for the bulk run, which is why
-- only scope all takes this path. lock_timeout turns a long wait behind another session into an error.
set local lock_timeout = '15s';
alter table household drop constraint household_grid_id_fkey;
-- The statement sorts the 0.8 million (household, grid) pairs once: in memory rather than on disk, and
-- without JIT compilation (0.4 s of compiling for a statement that runs once).
set local work_mem = '256MB';
set local jit = off;
