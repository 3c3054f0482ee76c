-- Assigns households to the grid that contains them, boundary included, in one statement.
-- Tie rule: a household on a boundary shared by several grids goes to the grid with the lowest code.
-- Households in no grid get grid_id null (and are reported by ReportUnassigned.sql), never dropped.
-- $1 all: true recomputes every household (manual moves are overwritten), false only those without a grid;
-- $2 ids: only these households (bigint[]), or null for all. Returns the number of rows changed.
with target as (
    select h.id, (select g.id
                    from grid g
                   where st_intersects(g.geom, h.geom)
                   order by g.code
                   limit 1) as grid_id
      from household h
     where ($1::boolean or h.grid_id is null)
       and ($2::bigint[] is null or h.id = any ($2::bigint[]))
), changed as (
    update household h
       set grid_id = t.grid_id
      from target t
     where h.id = t.id and h.grid_id is distinct from t.grid_id
 returning h.id
)
select count(*) from changed;
