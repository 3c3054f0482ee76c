-- Communities as a GeoJSON FeatureCollection.
-- $1 id; $2..$5 bbox; $6 limit; $7 offset; $8 street code; all filters nullable.
with matched as (
    select c.id, c.code, c.name_zh, c.name_en, c.geom, s.code as street_code, s.name_zh as street_zh, s.name_en as street_en,
           count(*) over () as n_matched
      from community c join street s on s.id = c.street_id
     where ($1::int is null or c.id = $1)
       and ($2::float8 is null or c.geom && st_makeenvelope($2, $3, $4, $5, 4326))
       and ($8::text is null or s.code = $8)
     order by c.id
     limit $6 offset $7
)
select json_build_object(
    'type', 'FeatureCollection',
    'numberMatched', coalesce(max(n_matched), 0),
    'numberReturned', count(*),
    'features', coalesce(json_agg(json_build_object(
        'type', 'Feature', 'id', id,
        'geometry', st_asgeojson(st_forcepolygonccw(geom), 7)::json,
        'properties', json_build_object('layer', 'community', 'code', code, 'nameZh', name_zh, 'nameEn', name_en,
                                        'streetCode', street_code, 'streetZh', street_zh, 'streetEn', street_en)) order by id), '[]'::json))::text
  from matched;
