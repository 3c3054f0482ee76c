-- Walking-network edges as a GeoJSON FeatureCollection. $1 id; $2..$5 bbox; $6 limit; $7 offset.
with matched as (
    select e.id, e.source, e.target, e.length_m, e.oneway, e.kind, e.geom, count(*) over () as n_matched
      from walk_edge e
     where ($1::bigint is null or e.id = $1)
       and ($2::float8 is null or e.geom && st_makeenvelope($2, $3, $4, $5, 4326))
     order by e.id
     limit $6 offset $7
)
select json_build_object(
    'type', 'FeatureCollection',
    'numberMatched', coalesce(max(n_matched), 0),
    'numberReturned', count(*),
    'features', coalesce(json_agg(json_build_object(
        'type', 'Feature', 'id', id,
        'geometry', st_asgeojson(geom, 7)::json,
        'properties', json_build_object('layer', 'walk_edge', 'source', source, 'target', target,
                                        'lengthM', round(length_m::numeric, 2), 'oneway', oneway, 'kind', kind)) order by id), '[]'::json))::text
  from matched;
