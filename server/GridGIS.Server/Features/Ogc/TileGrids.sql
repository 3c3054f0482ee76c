-- Grids in Mapbox vector tile z/x/y ($1, $2, $3), layer "grids" (kind: ordinary or foreign-resident), simplified.
with env as (select st_tileenvelope($1, $2, $3) as box, 40075016.68557849 / (4096 * 2 ^ $1) as res)
select st_asmvt(t, 'grids', 4096, 'geom', 'id') from (
    select g.id, g.code, g.kind, g.name, c.code as community_code,
           st_asmvtgeom(st_simplifypreservetopology(st_transform(g.geom, 3857), env.res / 2), env.box, 4096, 64, true) as geom
      from grid g join community c on c.id = g.community_id, env
     where g.geom && st_transform(env.box, 4326)
) t where geom is not null
