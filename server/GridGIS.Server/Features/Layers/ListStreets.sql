-- Streets as a GeoJSON FeatureCollection.
-- $1 id or null; $2..$5 bbox (min lon, min lat, max lon, max lat) or nulls; $6 limit; $7 offset.
with matched as (
    select s.id, s.code, s.name_zh, s.name_en, s.geometry_note, s.geom, count(*) over () as n_matched
      from street s
     where ($1::int is null or s.id = $1)
       and ($2::float8 is null or s.geom && st_makeenvelope($2, $3, $4, $5, 4326))
     order by s.id
     limit $6 offset $7
)
select json_build_object(
    'type', 'FeatureCollection',
    'numberMatched', coalesce(max(n_matched), 0),
    'numberReturned', count(*),
    'features', coalesce(json_agg(json_build_object(
        'type', 'Feature', 'id', id,
        'geometry', st_asgeojson(st_forcepolygonccw(geom), 7)::json,
        'properties', json_build_object('layer', 'street', 'code', code, 'nameZh', name_zh, 'nameEn', name_en,
                                        'geometryNote', geometry_note)) order by id), '[]'::json))::text
  from matched;
