-- A Mapbox vector tile z/x/y ($1, $2, $3) of layer $4 from features the server made (service areas) or filtered by
-- the privacy rule (coverage, gaps): $5 their geometries as GeoJSON (EPSG:4326), $6 their attributes (jsonb objects
-- one level deep, encoded as the features' attributes), simplified to the tile's resolution.
with env as (select st_tileenvelope($1, $2, $3) as box, 40075016.68557849 / (4096 * 2 ^ $1) as res)
select st_asmvt(t, $4::text, 4096, 'geom') from (
    select f.attributes,
           st_asmvtgeom(st_simplifypreservetopology(st_transform(st_setsrid(st_geomfromgeojson(f.geojson), 4326), 3857), env.res / 2),
                        env.box, 4096, 64, true) as geom
      from unnest($5::text[], $6::jsonb[]) as f (geojson, attributes), env
) t where geom is not null
