-- Communities in Mapbox vector tile z/x/y ($1, $2, $3), layer "communities", simplified to the tile's resolution.
with env as (select st_tileenvelope($1, $2, $3) as box, 40075016.68557849 / (4096 * 2 ^ $1) as res)
select st_asmvt(t, 'communities', 4096, 'geom', 'id') from (
    select c.id, c.code, c.name_zh, c.name_en, s.code as street_code,
           st_asmvtgeom(st_simplifypreservetopology(st_transform(c.geom, 3857), env.res / 2), env.box, 4096, 64, true) as geom
      from community c join street s on s.id = c.street_id, env
     where c.geom && st_transform(env.box, 4326)
) t where geom is not null
