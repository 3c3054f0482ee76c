-- Facilities in Mapbox vector tile z/x/y ($1, $2, $3), layer "facilities", with category and capacity.
with env as (select st_tileenvelope($1, $2, $3) as box)
select st_asmvt(t, 'facilities', 4096, 'geom', 'id') from (
    select f.id, f.name, f.category_code as category, k.name_zh as category_zh, k.name_en as category_en, f.capacity,
           st_asmvtgeom(st_transform(f.geom, 3857), env.box, 4096, 64, true) as geom
      from facility f join facility_category k on k.code = f.category_code, env
     where f.geom && st_transform(env.box, 4326)
) t where geom is not null
