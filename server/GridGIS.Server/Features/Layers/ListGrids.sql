-- Grids as a GeoJSON FeatureCollection, with their worker's name and languages.
-- $1 id; $2..$5 bbox; $6 limit; $7 offset; $8 street code; $9 community code; $10 kind.
with matched as (
    select g.id, g.code, g.kind, g.name, g.geom, c.code as community_code, c.name_zh as community_zh, s.code as street_code,
           w.name as worker, w.languages, count(*) over () as n_matched
      from grid g
      join community c on c.id = g.community_id
      join street s on s.id = c.street_id
      left join grid_worker w on w.id = g.worker_id
     where ($1::int is null or g.id = $1)
       and ($2::float8 is null or g.geom && st_makeenvelope($2, $3, $4, $5, 4326))
       and ($8::text is null or s.code = $8)
       and ($9::text is null or c.code = $9)
       and ($10::text is null or g.kind = $10)
     order by g.id
     limit $6 offset $7
)
select json_build_object(
    'type', 'FeatureCollection',
    'numberMatched', coalesce(max(n_matched), 0),
    'numberReturned', count(*),
    'features', coalesce(json_agg(json_build_object(
        'type', 'Feature', 'id', id,
        'geometry', st_asgeojson(st_forcepolygonccw(geom), 7)::json,
        'properties', json_build_object('layer', 'grid', 'code', code, 'kind', kind, 'name', name,
                                        'communityCode', community_code, 'communityZh', community_zh,
                                        'streetCode', street_code, 'worker', worker, 'workerLanguages', languages)) order by id), '[]'::json))::text
  from matched;
