-- Basemap features in Mapbox vector tile z/x/y ($1, $2, $3), layer "basemap", generalised by zoom: below 12 only
-- major roads, water, large green and places of city/suburb rank; buildings from 14; minor roads and paths from 13.
with env as (select st_tileenvelope($1, $2, $3) as box, 40075016.68557849 / (4096 * 2 ^ $1) as res)
select st_asmvt(t, 'basemap', 4096, 'geom', 'id') from (
    select b.id, b.kind, b.class, b.name, b.name_zh, b.name_en,
           st_asmvtgeom(st_simplifypreservetopology(st_transform(b.geom, 3857), env.res / 2), env.box, 4096, 64, true) as geom
      from basemap_feature b, env
     where b.geom && st_transform(env.box, 4326)
       and case b.kind
             when 'building' then $1 >= 14
             when 'road' then $1 >= 13 or b.class in ('motorway', 'trunk', 'primary', 'secondary')
                               or ($1 >= 11 and b.class = 'tertiary')
             when 'place' then $1 >= 13 or b.class in ('city', 'town', 'suburb', 'district')
             when 'rail' then $1 >= 11
             else $1 >= 12 or st_area(b.geom) > 1e-6
           end
) t where geom is not null
