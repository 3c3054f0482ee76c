-- Facilities as a GeoJSON FeatureCollection.
-- $1 id; $2..$5 bbox; $6 limit; $7 offset; $8 street code; $9 category code.
with matched as (
    select f.id, f.name, f.category_code, k.name_zh as category_zh, k.name_en as category_en, f.capacity, f.languages,
           f.generated, s.code as street_code, f.geom, count(*) over () as n_matched
      from facility f
      join facility_category k on k.code = f.category_code
      left join street s on s.id = f.street_id
     where ($1::int is null or f.id = $1)
       and ($2::float8 is null or f.geom && st_makeenvelope($2, $3, $4, $5, 4326))
       and ($8::text is null or s.code = $8)
       and ($9::text is null or f.category_code = $9)
     order by f.id
     limit $6 offset $7
)
select json_build_object(
    'type', 'FeatureCollection',
    'numberMatched', coalesce(max(n_matched), 0),
    'numberReturned', count(*),
    'features', coalesce(json_agg(json_build_object(
        'type', 'Feature', 'id', id,
        'geometry', st_asgeojson(geom, 7)::json,
        'properties', json_build_object('layer', 'facility', 'name', name, 'category', category_code,
                                        'categoryZh', category_zh, 'categoryEn', category_en, 'capacity', capacity,
                                        'languages', languages, 'streetCode', street_code, 'generated', generated)) order by id), '[]'::json))::text
  from matched;
