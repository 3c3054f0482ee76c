-- Assigns households to the grid that contains them, boundary included, in one statement.
-- Tie rule: a household on a boundary shared by several grids goes to the grid with the lowest code.
-- Households in no grid get grid_id null (and are reported by ReportUnassigned.sql), never dropped.
-- $1 all: true recomputes every household (manual moves are overwritten), false only those without a grid;
-- $2 ids: only these households (bigint[]), or null for all. Returns the number of rows changed.
-- Grid-driven join (each grid probes the household index): PostGIS then tests many points against
-- one prepared polygon, several times faster than one grid lookup per household. Rows whose grid
-- does not change are not written.
with hit as (
    select distinct on (h.id) h.id, g.id as grid_id
      from grid g
      join household h on st_intersects(g.geom, h.geom)
     where ($1::boolean or h.grid_id is null)
       and ($2::bigint[] is null or h.id = any ($2::bigint[]))
     order by h.id, g.code
), assigned as (
    update household h
       set grid_id = hit.grid_id
      from hit
     where h.id = hit.id and h.grid_id is distinct from hit.grid_id
 returning h.id
), cleared as (
    -- scope all: a household that had a grid but now lies in none loses it (the two updates touch disjoint rows)
    update household h
       set grid_id = null
     where $1::boolean and h.grid_id is not null
       and ($2::bigint[] is null or h.id = any ($2::bigint[]))
       and not exists (select 1 from hit where hit.id = h.id)
 returning h.id
)
select (select count(*) from assigned) + (select count(*) from cleared);
