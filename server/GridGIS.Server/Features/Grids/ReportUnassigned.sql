-- Households in no grid: their count and the first $1 of them (id, WGS84 point), by id.
-- $2 ids: only these households (bigint[]), or null for all.
with unassigned as (
    select h.id, h.geom from household h
     where h.grid_id is null and ($2::bigint[] is null or h.id = any ($2::bigint[]))
)
select json_build_object(
    'count', (select count(*) from unassigned),
    'households', coalesce((select json_agg(json_build_object('id', id, 'lon', round(st_x(geom)::numeric, 7), 'lat', round(st_y(geom)::numeric, 7)) order by id)
                              from (select * from unassigned order by id limit $1) first), '[]'::json))::text;
