-- The households of one grid as a GeoJSON FeatureCollection (points in EPSG:4326), paged by id.
-- $1 grid id; $2 limit; $3 offset.
with matched as (
    select h.id, h.geom, h.address, h.residents, h.foreign_residents, h.nationalities, h.generated
      from household h
     where h.grid_id = $1
     order by h.id
     limit $2 offset $3
)
select json_build_object(
    'type', 'FeatureCollection',
    'gridId', $1::int,
    'numberMatched', (select count(*) from household where grid_id = $1),
    'numberReturned', (select count(*) from matched),
    'features', coalesce((select json_agg(json_build_object(
        'type', 'Feature', 'id', id,
        'geometry', st_asgeojson(geom, 7)::json,
        'properties', json_build_object('layer', 'household', 'gridId', $1::int, 'address', address, 'residents', residents,
                                        'foreignResidents', foreign_residents, 'nationalities', nationalities, 'generated', generated))
        order by id) from matched), '[]'::json))::text;
