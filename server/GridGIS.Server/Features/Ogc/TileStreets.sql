-- Streets in Mapbox vector tile z/x/y ($1, $2, $3), layer "streets", simplified to the tile's resolution.
with env as (select st_tileenvelope($1, $2, $3) as box, 40075016.68557849 / (4096 * 2 ^ $1) as res)
select st_asmvt(t, 'streets', 4096, 'geom', 'id') from (
    select s.id, s.code, s.name_zh, s.name_en,
           st_asmvtgeom(st_simplifypreservetopology(st_transform(s.geom, 3857), env.res / 2), env.box, 4096, 64, true) as geom
      from street s, env
     where s.geom && st_transform(env.box, 4326)
) t where geom is not null
