-- Walking-network edges in Mapbox vector tile z/x/y ($1, $2, $3), layer "network", simplified to the tile's resolution.
with env as (select st_tileenvelope($1, $2, $3) as box, 40075016.68557849 / (4096 * 2 ^ $1) as res)
select st_asmvt(t, 'network', 4096, 'geom', 'id') from (
    select e.id, e.kind, e.oneway, round(e.length_m::numeric, 1)::float8 as length_m,
           st_asmvtgeom(st_simplify(st_transform(e.geom, 3857), env.res / 2), env.box, 4096, 64, true) as geom
      from walk_edge e, env
     where e.geom && st_transform(env.box, 4326)
) t where geom is not null
