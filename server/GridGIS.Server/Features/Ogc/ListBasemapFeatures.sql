-- Basemap features as a GeoJSON FeatureCollection, for the OGC collection "basemap".
-- $1 id or null; $2..$5 bbox (min lon, min lat, max lon, max lat) or nulls; $6 limit; $7 offset; $8 kind or null.
with matched as (
    select b.id, b.kind, b.class, b.name, b.name_zh, b.name_en, b.source, b.geom, count(*) over () as n_matched
      from basemap_feature b
     where ($1::bigint is null or b.id = $1)
       and ($2::float8 is null or b.geom && st_makeenvelope($2, $3, $4, $5, 4326))
       and ($8::text is null or b.kind = $8)
     order by b.id
     limit $6 offset $7
)
select json_build_object(
    'type', 'FeatureCollection',
    'numberMatched', coalesce(max(n_matched), 0),
    'numberReturned', count(*),
    'features', coalesce(json_agg(json_build_object(
        'type', 'Feature', 'id', id,
        'geometry', st_asgeojson(st_forcepolygonccw(geom), 7)::json,
        'properties', json_build_object('kind', kind, 'class', class, 'name', name, 'nameZh', name_zh, 'nameEn', name_en,
                                        'source', source)) order by id), '[]'::json))::text
  from matched;
